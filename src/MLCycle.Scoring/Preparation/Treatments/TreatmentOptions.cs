namespace MLCycle.Preparation.Treatments;

/// <summary>
/// Data treatments fitted on the training rows and applied inside the saved model: sentinel values turned into
/// missing, category normalisation, and outlier clipping or removal. Keys are column names or <see cref="AllColumns"/>.
/// </summary>
public sealed record TreatmentOptions
{
    /// <summary>The key that stands for every column the treatment applies to.</summary>
    public const string AllColumns = "*";

    /// <summary>
    /// Values that stand for missing, as written in the spec. Under a column name they must suit its kind (numbers for a
    /// numeric column, any text for a categorical one); under <see cref="AllColumns"/> numbers apply to numeric columns
    /// and other text to categorical columns.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Sentinels { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>Category normalisation for every categorical column; null leaves categories as they are.</summary>
    public CategoryOptions? Categories { get; init; }
    /// <summary>Outlier rule per numeric column (or <see cref="AllColumns"/>); a named column's rule wins over the wildcard.</summary>
    public IReadOnlyDictionary<string, OutlierRule> Outliers { get; init; } = new Dictionary<string, OutlierRule>();

    /// <summary>True when no treatment is asked for.</summary>
    public bool IsEmpty => Sentinels.Count == 0 && Categories is null && Outliers.Count == 0;

    /// <summary>Equal when both ask for the same treatments (dictionaries compared by content, not reference).</summary>
    public bool Equals(TreatmentOptions? other) =>
        other is not null && Categories == other.Categories
        && Sentinels.Count == other.Sentinels.Count
        && Sentinels.All(s => other.Sentinels.TryGetValue(s.Key, out var v) && v.SequenceEqual(s.Value))
        && Outliers.Count == other.Outliers.Count
        && Outliers.All(o => other.Outliers.TryGetValue(o.Key, out var r) && r == o.Value);

    public override int GetHashCode() => HashCode.Combine(Categories, Sentinels.Count, Outliers.Count);
}
