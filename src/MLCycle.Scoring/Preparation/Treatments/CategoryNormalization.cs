namespace MLCycle.Preparation.Treatments;

/// <summary>How every categorical value is normalised before encoding.</summary>
public enum CategoryNormalization
{
    None,
    /// <summary>Leading and trailing white space removed.</summary>
    Trim,
    /// <summary>Trimmed, then lower-cased with the invariant culture.</summary>
    TrimAndCaseFold,
}
