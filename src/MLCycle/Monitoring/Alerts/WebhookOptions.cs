namespace MLCycle.Monitoring.Alerts;

/// <summary>How hard an alert is pushed: attempts in all, the first back-off (doubled after each failure, capped) and each attempt's timeout.</summary>
public sealed record WebhookOptions
{
    public int Attempts { get; init; } = 4;

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
