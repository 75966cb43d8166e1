using MLCycle.Preparation.Treatments;

namespace MLCycle.Preparation;

/// <summary>How raw columns are turned into model features.</summary>
public sealed record PreparationOptions
{
    /// <summary>How missing numeric values are filled (or rows dropped).</summary>
    public MissingStrategy Missing { get; init; } = MissingStrategy.Auto;
    /// <summary>How numeric features are scaled.</summary>
    public ScaleKind Scale { get; init; } = ScaleKind.Standard;
    /// <summary>Categorical columns with more distinct training values than this are hashed instead of one-hot encoded.</summary>
    public int HashingThreshold { get; init; } = 100;
    /// <summary>Sentinels, category normalisation and outlier rules, fitted on each training part and saved in the model.</summary>
    public TreatmentOptions Treatments { get; init; } = new();
}
