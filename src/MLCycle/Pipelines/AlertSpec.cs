using MLCycle.Monitoring.Alerts;

namespace MLCycle.Pipelines;

/// <summary>One entry of <c>monitor.alerts</c>: the webhook that receives JSON alerts and the kinds of finding it wants (all by default).</summary>
public sealed record AlertSpec(Uri Webhook, IReadOnlyList<AlertKind> On);
