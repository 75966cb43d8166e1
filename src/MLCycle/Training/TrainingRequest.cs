using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Training.Tuning;

namespace MLCycle.Training;

/// <summary>What to train: the data, the target and task, how to prepare, which algorithms, and how to validate.</summary>
public sealed record TrainingRequest
{
    public required Table Data { get; init; }
    public required string Target { get; init; }
    public required TaskKind Task { get; init; }
    public PreparationOptions Prepare { get; init; } = new();
    /// <summary>Catalog names (see <see cref="Algorithms.AlgorithmCatalog"/>): lightgbm, fasttree, fastforest, gam, sdca (or linear), lbfgs, poisson, averaged_perceptron, linear_svm, baseline.</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = ["lightgbm", "fasttree", "linear", "baseline"];
    /// <summary>Cross-validation folds on the training part.</summary>
    public int Folds { get; init; } = 5;
    public int Seed { get; init; } = 42;
    /// <summary>Share of rows held out as the test set.</summary>
    public double TestFraction { get; init; } = 0.2;
    /// <summary>Keep class proportions in the test set and in every fold (classification only).</summary>
    public bool Stratify { get; init; } = true;
    /// <summary>The binary class the model scores; by default chosen by <see cref="PositiveClassRule"/>.</summary>
    public string? PositiveClass { get; init; }
    /// <summary>
    /// One sample weight per row of <see cref="Data"/> (finite, 0 or more), applied when fitting the ML.NET trainers on
    /// training rows; evaluation stays unweighted. Null weighs every row 1.
    /// </summary>
    public IReadOnlyList<double>? Weights { get; init; }
    /// <summary>Weighting of training rows by class (classification only); evaluation stays unweighted.</summary>
    public ClassWeight ClassWeight { get; init; } = ClassWeight.None;
    /// <summary>The metric that ranks candidates (a key the task's evaluation computes); null for the task's own.</summary>
    public string? Metric { get; init; }
    /// <summary>Groups or times that keep rows together in the split and the folds (aligned with <see cref="Data"/>); null splits at random.</summary>
    public RowSplit? SplitBy { get; init; }
    /// <summary>Binary only: how the decision threshold is set; null maximises F1 on out-of-fold predictions.</summary>
    public ThresholdRule? Threshold { get; init; }
    /// <summary>
    /// Search <see cref="Algorithms"/> and their hyperparameters within a budget or a number of trials; null trains each
    /// listed algorithm once with its defaults.
    /// </summary>
    public SearchOptions? Search { get; init; }

    /// <summary>Also draw the chosen model's learning curve (<see cref="TrainingOutcome.LearningCurve"/>); it costs about one more cross-validation of it.</summary>
    public bool LearningCurve { get; init; }
}
