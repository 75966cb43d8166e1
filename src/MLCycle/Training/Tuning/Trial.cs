using System.Collections.Immutable;
using System.Globalization;

namespace MLCycle.Training.Tuning;

/// <summary>One configuration tried by the search: a learner, its hyperparameters, and how it cross-validated (or why it failed).</summary>
public sealed record Trial
{
    /// <summary>1-based, in the order the trials ran.</summary>
    public required int Number { get; init; }
    public required string Algorithm { get; init; }
    /// <summary>The values this trial set; empty means the algorithm's defaults.</summary>
    public required ImmutableDictionary<string, double> Hyperparameters { get; init; }
    /// <summary>Mean of the primary metric over the folds; NaN when the trial failed.</summary>
    public double CvMean { get; init; } = double.NaN;
    /// <summary>Population standard deviation of the primary metric over the folds.</summary>
    public double CvStd { get; init; } = double.NaN;
    public required double Seconds { get; init; }
    /// <summary>Why the trial failed (ML.NET rejected the configuration, say); null when it ran.</summary>
    public string? Error { get; init; }

    public bool Failed => Error is not null;

    /// <summary>The hyperparameters as <c>name=value</c> pairs in name order, or "defaults".</summary>
    public string Describe() => Hyperparameters.IsEmpty
        ? "defaults"
        : string.Join(", ", Hyperparameters.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value.ToString("G4", CultureInfo.InvariantCulture)}"));
}
