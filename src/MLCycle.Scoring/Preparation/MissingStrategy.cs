namespace MLCycle.Preparation;

/// <summary>How missing numeric values are handled; categoricals always get an explicit missing category.</summary>
public enum MissingStrategy
{
    /// <summary>Same as <see cref="Mean"/>.</summary>
    Auto,
    /// <summary>Training rows with any missing feature are removed; at serving time missing numbers are replaced by the training mean.</summary>
    Drop,
    Mean,
    Median,
    MostFrequent,
}
