using MLCycle.Data;

namespace MLCycle.Validation;

/// <summary>Everything a suite expects of one column; a null member is not checked.</summary>
public sealed record ColumnExpectations
{
    public required string Name { get; init; }
    /// <summary>True: the column must be present; false: it must be absent.</summary>
    public bool? Exists { get; init; }
    /// <summary>The kind schema inference must find.</summary>
    public ColumnKind? Type { get; init; }
    /// <summary>True: no value may be missing.</summary>
    public bool? NotNull { get; init; }
    /// <summary>The largest allowed share of missing values, 0..1.</summary>
    public double? MaxMissing { get; init; }
    /// <summary>Bounds for present numeric values.</summary>
    public ValueRange? Range { get; init; }
    /// <summary>The only values allowed (missing values are left to <see cref="NotNull"/>).</summary>
    public IReadOnlyList<string>? Allowed { get; init; }
    /// <summary>A regular expression (DuckDB/RE2 syntax) every present value must match in full.</summary>
    public string? Regex { get; init; }
    /// <summary>True: no present value may occur twice.</summary>
    public bool? Unique { get; init; }
    /// <summary>Closeness to the reference profile's distribution of this column.</summary>
    public DistributionExpectation? Distribution { get; init; }

    public bool Equals(ColumnExpectations? other) =>
        other is not null && Name == other.Name && Exists == other.Exists && Type == other.Type &&
        NotNull == other.NotNull && MaxMissing == other.MaxMissing && Equals(Range, other.Range) &&
        (Allowed is null ? other.Allowed is null : other.Allowed is not null && Allowed.SequenceEqual(other.Allowed)) &&
        Regex == other.Regex && Unique == other.Unique && Equals(Distribution, other.Distribution);

    public override int GetHashCode() => HashCode.Combine(Name, Exists, Type, NotNull, MaxMissing, Range, Regex, Unique);
}
