namespace MLCycle.Pipelines;

/// <summary>The <c>population</c> section: the share each group of a sensitive column has in the population the model serves.</summary>
public sealed record PopulationSpec
{
    /// <summary>Per sensitive column, each group's expected share (in (0, 1], summing to 1 within 0.01), in the order written.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Shares { get; init; }

    /// <summary>Whether training rows are weighted by expected over observed share of their groups (<c>weights: true</c>).</summary>
    public bool Weights { get; init; }
}
