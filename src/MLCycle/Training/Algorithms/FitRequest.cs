using System.Collections.Immutable;
using MLCycle.Data;
using MLCycle.Preparation;

namespace MLCycle.Training.Algorithms;

/// <summary>What an algorithm is fitted on: training rows (no missing target), the inputs' layout and the label space.</summary>
internal sealed record FitRequest
{
    public required Table Train { get; init; }
    public required string Target { get; init; }
    public required TaskKind Task { get; init; }
    public required IReadOnlyList<InputColumn> Inputs { get; init; }
    /// <summary>Classes in score order (binary: [negative, positive]); empty for regression.</summary>
    public required IReadOnlyList<string> Classes { get; init; }
    public PreparationOptions Prepare { get; init; } = new();
    public int Seed { get; init; } = 42;
    /// <summary>One sample weight per row of <see cref="Train"/>; null weighs every row 1.</summary>
    public IReadOnlyList<float>? Weights { get; init; }
    /// <summary>Hyperparameter values by name (see <see cref="AlgorithmDescriptor.Hyperparameters"/>); empty trains with the defaults.</summary>
    public ImmutableDictionary<string, double> Hyperparameters { get; init; } = ImmutableDictionary<string, double>.Empty;

    /// <summary>
    /// The rows of <see cref="Train"/> encoded for <see cref="Inputs"/> with their labels written, made once per run and
    /// only read by the fits that share them; null to encode per fit.
    /// </summary>
    public FeatureRow[]? Encoded { get; init; }

    /// <summary>
    /// A boosted learner holds out a seeded share of these rows and stops adding rounds when they stop improving (a
    /// cross-validation fit); false trains the rounds the hyperparameters say (the refit, given the folds' median).
    /// </summary>
    public bool EarlyStopping { get; init; }

    /// <summary>The target of a training row as a class label (classification).</summary>
    public string Label(int row) => Train[Target].Format(row)!;
}
