using MLCycle.Monitoring.Alerts;

namespace MLCycle.Agent;

/// <summary>One tick of the agent: its own run (experiment <c>agent</c>), the champion it checked, the rows it looked at (logged since
/// <see cref="Since"/>, the previous tick), the findings, where each alert went, and the retraining it started, if any.</summary>
public sealed record AgentTick(
    string RunId,
    string Model,
    int? Version,
    DateTimeOffset? Since,
    IReadOnlyList<Alert> Findings,
    IReadOnlyList<AlertDelivery> Deliveries,
    RetrainOutcome? Retrain,
    IReadOnlyList<string> Notes)
{
    /// <summary>Every alert reached every webhook it was meant for, and no retraining failed.</summary>
    public bool Succeeded => Deliveries.All(d => d.Delivered) && Retrain?.Status != "failed";
}
