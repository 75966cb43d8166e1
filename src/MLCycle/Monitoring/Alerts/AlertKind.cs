namespace MLCycle.Monitoring.Alerts;

/// <summary>What a monitoring finding is about: feature or prediction drift, performance below the gate, or served rows the log dropped.</summary>
public enum AlertKind
{
    Drift,
    Performance,
    Drops,
}
