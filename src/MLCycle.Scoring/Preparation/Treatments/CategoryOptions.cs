namespace MLCycle.Preparation.Treatments;

/// <summary>
/// Normalisation of every categorical column: values are trimmed and (by default) case-folded, and levels rarer in the
/// training data than <see cref="MinCount"/> rows or <see cref="MinShare"/> of the non-missing rows merge into one
/// "&lt;other&gt;" level.
/// </summary>
public sealed record CategoryOptions
{
    /// <summary>Lower-case every value (invariant culture) after trimming it.</summary>
    public bool CaseFold { get; init; } = true;
    /// <summary>Levels seen in fewer training rows than this merge into "&lt;other&gt;"; 0 merges nothing by count.</summary>
    public int MinCount { get; init; }
    /// <summary>Levels holding a smaller share of the non-missing training rows than this merge into "&lt;other&gt;"; 0 merges nothing by share.</summary>
    public double MinShare { get; init; }
}
