using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>
/// The <c>train</c> section: which algorithms to try, how many cross-validation folds to use, how to weigh classes, and
/// whether to search hyperparameters within a budget or a number of trials.
/// </summary>
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
    /// <summary>True when the spec listed <c>algorithms</c>; a search without the list covers the whole catalog.</summary>
    public bool AlgorithmsListed { get; init; }
    /// <summary><c>budget</c>: time the search's trials may take ("90s", "2m").</summary>
    public TimeSpan? Budget { get; init; }
    /// <summary><c>trials</c>: a fixed number of trials, reproducible with <c>split.seed</c>.</summary>
    public int? Trials { get; init; }
    /// <summary><c>fairness</c> (binary, opt-in): per-group thresholds that equalise a rate across a sensitive column's groups; null when absent.</summary>
    public FairnessThresholdSpec? Fairness { get; init; }
    /// <summary>True when the spec has no <c>train</c> key: the run searches with a budget that scales with the data.</summary>
    public bool DefaultSearch { get; init; }

    /// <summary>Whether this run searches learners and hyperparameters rather than training each listed algorithm once.</summary>
    public bool Searches => DefaultSearch || Budget is not null || Trials is not null;
}

/// <summary><c>train.fairness: { thresholds: equal_opportunity | demographic_parity, column: sex }</c>.</summary>
public sealed record FairnessThresholdSpec(string Rate, string Column);
