namespace MLCycle.Pipelines;

/// <summary>The <c>monitor</c> section: the PSI at or above which a feature counts as drifted, and the gate the model's performance on
/// logged predictions with outcomes must keep (<c>performance: "auc &gt;= 0.78"</c>), if any; when the agent checks (a cron schedule)
/// and where its alerts go; the key column outcomes may be sent by.</summary>
public sealed record MonitorSpec
{
    public double Psi { get; init; } = 0.2;

    public string? Performance { get; init; }

    /// <summary>A five-field cron expression (UTC) for the agent's checks, such as <c>"0 * * * *"</c>; null when the spec gives none.</summary>
    public string? Schedule { get; init; }

    public IReadOnlyList<AlertSpec> Alerts { get; init; } = [];

    /// <summary>The request field that identifies a row in the caller's terms (<c>key: customerID</c>): logged with every prediction,
    /// so outcomes can be sent by it; null when the spec gives none.</summary>
    public string? Key { get; init; }
}
