namespace MLCycle.Monitoring;

/// <summary>What really happened for a served prediction: its id and the true label (classification) or value (regression).</summary>
public sealed record PredictionOutcome(string Id, string? Label, double? Value)
{
    /// <summary>When set, the outcome names the row by the model's key column (a customer id) instead of by <see cref="Id"/>, which is
    /// then empty: it labels the latest prediction of that key in each version (<see cref="IPredictionLog.FindByKeysAsync"/>).</summary>
    public string? Key { get; init; }
}
