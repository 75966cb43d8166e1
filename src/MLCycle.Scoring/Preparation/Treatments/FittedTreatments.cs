using MLCycle.Data;

namespace MLCycle.Preparation.Treatments;

/// <summary>
/// The treatments fitted on training rows: what the model applies (sentinels, category normalisation and merging,
/// clipping) and what removed training rows. Recorded in the manifest so users can see what was fitted.
/// </summary>
public sealed record FittedTreatments
{
    /// <summary>The level rare categories merge into, after the column prefix.</summary>
    public const string OtherLevel = "<other>";

    /// <summary>No treatment at all.</summary>
    public static FittedTreatments None { get; } = new();

    public CategoryNormalization Normalization { get; init; } = CategoryNormalization.None;
    /// <summary>Numeric columns with sentinels or an outlier rule.</summary>
    public IReadOnlyList<NumericTreatment> Numeric { get; init; } = [];
    /// <summary>Categorical columns with sentinels or merged levels.</summary>
    public IReadOnlyList<CategoryTreatment> Categorical { get; init; } = [];

    /// <summary>True when nothing is treated.</summary>
    public bool IsEmpty => Normalization == CategoryNormalization.None && Numeric.Count == 0 && Categorical.Count == 0;

    /// <summary>The numeric treatment of a column, or null.</summary>
    public NumericTreatment? ForNumeric(string column) => Numeric.FirstOrDefault(n => n.Column == column);

    /// <summary>The categorical treatment of a column, or null.</summary>
    public CategoryTreatment? ForCategory(string column) => Categorical.FirstOrDefault(c => c.Column == column);

    /// <summary>A categorical value normalised as the model normalises it (unchanged without normalisation).</summary>
    public string Normalize(string value) => Normalization switch
    {
        CategoryNormalization.None => value,
        _ => CategoryTokenNormalizer.NormalizeValue(value, Normalization == CategoryNormalization.TrimAndCaseFold),
    };

    /// <summary>Whether a cell is missing once treated: missing as read, or a sentinel.</summary>
    public bool IsMissing(TableColumn column, int row)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.IsMissing(row)) return true;
        return column.Kind switch
        {
            ColumnKind.Numeric => ForNumeric(column.Name)?.IsSentinel(column.Numbers![row]) == true,
            ColumnKind.Categorical => Level(column.Name, column.Strings![row]) is null,
            _ => false,
        };
    }

    /// <summary>The level a raw categorical value becomes: null when missing or a sentinel, <see cref="OtherLevel"/> when merged.</summary>
    public string? Level(string column, string? value)
    {
        if (value is null) return null;
        var normalized = Normalize(value);
        if (ForCategory(column) is not { } treatment) return normalized;
        if (treatment.Sentinels.Contains(normalized, StringComparer.Ordinal)) return null;
        return treatment.Merged.Contains(normalized, StringComparer.Ordinal) ? OtherLevel : normalized;
    }
}
