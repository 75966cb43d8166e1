using MLCycle.Access;
using MLCycle.Client;
using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Tracking;
using ClientState = MLCycle.Client.ApprovalState;
using ClientStatus = MLCycle.Client.RunStatus;

namespace MLCycle.Cli.Remote;

/// <summary>The client's answers as the library's records, so a command prints a server's runs and models with the same views
/// (and the same --json shapes) as a local store's.</summary>
public static class RemoteRecords
{
    /// <summary>A run; <see cref="Run.ExperimentId"/> is 0 from a server too old to send it.</summary>
    public static Run ToRun(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new Run
        {
            RunId = run.RunId,
            ExperimentId = run.ExperimentId,
            ExperimentName = run.Experiment,
            Name = run.Name,
            Status = run.Status switch
            {
                ClientStatus.Finished => Tracking.RunStatus.Finished,
                ClientStatus.Failed => Tracking.RunStatus.Failed,
                ClientStatus.Killed => Tracking.RunStatus.Killed,
                _ => Tracking.RunStatus.Running,
            },
            StartTime = run.StartTime,
            EndTime = run.EndTime,
            Error = run.Error,
            Params = run.Params,
            Metrics = run.Metrics.ToDictionary(m => m.Key, m => new Metric(m.Key, m.Value.Value, m.Value.Step, m.Value.Timestamp), StringComparer.Ordinal),
            Tags = run.Tags,
        };
    }

    public static Page<Run> ToPage(ResultPage<RunInfo> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new Page<Run>([.. page.Items.Select(ToRun)], page.NextPageToken);
    }

    public static ArtifactInfo ToArtifact(ArtifactFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new ArtifactInfo(file.Path, file.Length);
    }

    public static ModelVersion ToVersion(ModelVersionInfo v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new ModelVersion(v.Name, v.Version, v.RunId, v.PackagePath, v.CreatedAt, v.Description, v.PackageSha256);
    }

    public static RegisteredModel ToModel(ModelInfo m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new RegisteredModel(m.Name, m.CreatedAt, m.Description, m.LatestVersion is { } latest ? ToVersion(latest) : null, m.Aliases);
    }

    public static AliasChange ToAliasChange(AliasChangeInfo c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new AliasChange(c.Name, c.Alias, c.FromVersion, c.ToVersion, c.Actor, c.Reason, c.Time) { RequestId = c.RequestId };
    }

    public static ModelRoute ToRoute(ModelRouteInfo r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ModelRoute(r.Name, Enum.Parse<RouteKind>(r.Kind, ignoreCase: true), r.Alias, r.Version, r.SharePercent, r.Actor, r.Time);
    }

    public static ApprovalRequest ToRequest(ApprovalRequestInfo r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ApprovalRequest(r.Id, r.Name, r.Alias, r.Version, r.Requester, r.Reason, (Registry.ApprovalState)(int)r.State, r.RequestedAt, r.ExpiresAt)
        {
            Decider = r.Decider, DecisionReason = r.DecisionReason, DecidedAt = r.DecidedAt, SupersededBy = r.SupersededBy, Evidence = r.Evidence,
        };
    }

    /// <summary>An audit line as a local store reads it, so `audit --server` prints what `audit` prints on the server's machine.</summary>
    public static AuditEntry ToAuditEntry(AuditEntryInfo e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new AuditEntry
        {
            Id = e.Id, Time = e.Time, Actor = e.Actor, Address = e.Address, Action = e.Action, Target = e.Target, Allowed = e.Allowed,
            Status = e.Status, BeforeJson = e.BeforeJson, AfterJson = e.AfterJson, Detail = e.Detail,
        };
    }

    /// <summary>The client's state of the same name.</summary>
    public static ClientState ToClientState(Registry.ApprovalState state) => (ClientState)(int)state;
}
