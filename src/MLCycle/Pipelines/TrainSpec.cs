using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>The <c>train</c> section: which algorithms to try, how many cross-validation folds to use and how to weigh classes.</summary>
public sealed record TrainSpec
{
    /// <summary>Algorithm names as written; the training catalog checks them.</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = ["lightgbm", "fasttree", "linear", "baseline"];
    /// <summary>Cross-validation folds, 2..20.</summary>
    public int Cv { get; init; } = 5;
    /// <summary><c>class_weight</c>: <c>none</c> (default) or <c>balanced</c> (classification only).</summary>
    public ClassWeight ClassWeight { get; init; } = ClassWeight.None;
    /// <summary><c>threshold</c> (binary): <c>f1</c>, a probability, or <c>{ cost: { fp, fn } }</c>; null maximises F1.</summary>
    public ThresholdRule? Threshold { get; init; }
}
