using MLCycle.Monitoring.Alerts;
using MLCycle.Profiling.Drift;

namespace MLCycle.Agent;

/// <summary>How the agent checks and alerts: which webhooks it may call and how hard, the fewest rows a drift or performance verdict
/// needs, and the width of the performance windows.</summary>
public sealed record AgentOptions
{
    public WebhookPolicy Webhooks { get; init; } = new();

    public WebhookOptions Delivery { get; init; } = new();

    public int MinimumRows { get; init; } = DriftOptions.DefaultMinimumRows;

    public string PerformanceWindow { get; init; } = "1d";
}
