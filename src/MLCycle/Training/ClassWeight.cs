namespace MLCycle.Training;

/// <summary>How training rows are weighted by their class (classification only).</summary>
public enum ClassWeight
{
    /// <summary>Every row weighs 1 (times any sample weight).</summary>
    None,

    /// <summary>
    /// Each row weighs rows / (classes × rows of its class), as scikit-learn's <c>class_weight="balanced"</c>, so every
    /// class carries the same total weight in training; multiplied with any sample weight.
    /// </summary>
    Balanced,
}
