namespace MLCycle.Monitoring.Alerts;

/// <summary>One finding as a webhook receives it (JSON): the model and version checked, what kind of finding, a sentence for people,
/// the numbers behind it, the agent run that found it, and when.</summary>
public sealed record Alert(string Model, int Version, AlertKind Kind, string Summary, IReadOnlyDictionary<string, object?> Details, DateTimeOffset At)
{
    /// <summary>The agent's tick run (experiment <c>agent</c>) that found it, for `mlcycle runs show`.</summary>
    public string? AgentRunId { get; init; }
}
