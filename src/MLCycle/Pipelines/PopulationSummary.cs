using System.Globalization;
using MLCycle.Profiling;

namespace MLCycle.Pipelines;

/// <summary>How the run's data compares with the spec's expected population, and whether training was reweighted toward it.</summary>
public sealed record PopulationSummary
{
    /// <summary>Per column with expected shares: observed against expected share per group, the chi-squared test and the correcting weights.</summary>
    public required IReadOnlyList<BiasPopulationGap> Gaps { get; init; }
    /// <summary>Groups (of a sensitive column or their intersection) below the bias check's under-representation threshold.</summary>
    public required IReadOnlyList<BiasGroupShare> UnderRepresented { get; init; }
    /// <summary>The bias check's findings in words.</summary>
    public required IReadOnlyList<string> Findings { get; init; }
    /// <summary>Whether training rows were weighted by expected over observed share of their groups.</summary>
    public required bool Reweighted { get; init; }
    /// <summary>One sentence saying how training was (or was not) weighted.</summary>
    public required string Weighting { get; init; }

    /// <summary>Summarises a bias report; <paramref name="weights"/> are the training weights, or null when training was not reweighted.</summary>
    public static PopulationSummary Create(BiasReport report, IReadOnlyList<double>? weights)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new PopulationSummary
        {
            Gaps = report.Gaps,
            UnderRepresented = report.Groups.Where(g => g.UnderRepresented).ToList(),
            Findings = report.Findings,
            Reweighted = weights is not null,
            Weighting = weights is { Count: > 0 }
                ? string.Create(CultureInfo.InvariantCulture,
                    $"Training was reweighted toward the expected population: each training row weighs its groups' expected over observed share ({weights.Min():0.###} to {weights.Max():0.###}); test and cross-validation metrics are unweighted.")
                : "Training was not reweighted; set 'population.weights: true' to weight training rows toward the expected shares.",
        };
    }
}
