using MLCycle.Access;

namespace MLCycle.Tracking;

/// <summary>Experiments and runs with their params, metrics and tags, in MLflow's vocabulary.
/// Wherever a run id is taken, a unique prefix of at least 4 characters also works (like git).</summary>
public interface ITrackingStore
{
    /// <summary>Returns the experiment called <paramref name="name"/>, creating it if it does not exist.</summary>
    Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken ct = default);

    /// <summary>Starts a run in the named experiment (created if new) with status Running.</summary>
    Task<Run> CreateRunAsync(string experimentName, string? runName = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken ct = default);

    /// <summary>Starts a run logged from outside this process (a client of the tracking API): no process owns it, so no process's
    /// death marks it Killed; the client ends it.</summary>
    Task<Run> CreateClientRunAsync(string experimentName, string? runName = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken ct = default);

    /// <summary>Starts a client run as <see cref="CreateClientRunAsync(string, string?, IReadOnlyDictionary{string, string}?, CancellationToken)"/>
    /// does, holding a lease of <paramref name="lease"/> (null for none) that its client renews (<see cref="RenewLeaseAsync"/>); a run whose
    /// lease lapses is ended by <see cref="EndLapsedRunsAsync"/> (ADR 0055).</summary>
    Task<Run> CreateClientRunAsync(string experimentName, string? runName, IReadOnlyDictionary<string, string>? tags, TimeSpan? lease, CancellationToken ct = default);

    /// <summary>Renews the run's lease to <paramref name="lease"/> from now, in one conditional UPDATE; false (nothing changed) when the
    /// run is no longer Running.</summary>
    Task<bool> RenewLeaseAsync(string runId, TimeSpan lease, CancellationToken ct = default);

    /// <summary>Ends as Killed every Running run whose lease lapsed before <paramref name="now"/>, its unfinished child runs with it, each
    /// with an audit line by <paramref name="actor"/>; returns the runs this call ended (not their children). Each run is ended by a
    /// conditional UPDATE in its own transaction, so several sweepers on one store, or a client's own end, never end a run twice.</summary>
    Task<IReadOnlyList<string>> EndLapsedRunsAsync(DateTimeOffset now, string actor, CancellationToken ct = default);

    /// <summary>Starts a run as <see cref="CreateRunAsync"/> does under an id chosen elsewhere (the id a server gave the same run, for a
    /// run trained here and published there); a conflict if the id is taken.</summary>
    Task<Run> CreateRunWithIdAsync(string runId, string experimentName, string? runName = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken ct = default);

    /// <summary>Writes metrics, params and tags of a run in one transaction. Params are write-once:
    /// logging a key again with a different value throws and writes nothing.</summary>
    Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Param>? parameters = null, IReadOnlyList<RunTag>? tags = null, CancellationToken ct = default);

    /// <summary>Writes the batch as <see cref="LogBatchAsync"/> does and <paramref name="audit"/> in the same transaction: a server's
    /// request and its audit line are committed together, in one flush to disk rather than two, or not at all.</summary>
    Task LogBatchAuditedAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, AuditEntry audit,
        CancellationToken ct = default);

    /// <summary>Ends a run as Finished or Failed, with the error text of a failure.</summary>
    Task EndRunAsync(string runId, RunStatus status, string? error = null, CancellationToken ct = default);

    /// <summary>Ends the run only if it is still Running, in one statement, so of two callers ending it at once exactly one wins;
    /// false when it had already ended (its status and end time are kept).</summary>
    Task<bool> EndRunningRunAsync(string runId, RunStatus status, string? error = null, CancellationToken ct = default);

    /// <summary>The run with its params, latest metrics and tags; throws <see cref="NotFoundException"/> naming the id if there is none.</summary>
    Task<Run> GetRunAsync(string runId, CancellationToken ct = default);

    /// <summary>The run's full id and its experiment's name, read by one lookup; throws <see cref="NotFoundException"/> naming the id
    /// if there is none. A host checks access with it before a write, instead of loading the whole run.</summary>
    Task<RunExperiment> GetRunExperimentAsync(string runId, CancellationToken ct = default);

    /// <summary>Every value logged for a metric, by step then time.</summary>
    Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken ct = default);

    /// <summary>Runs newest first (child runs left out), optionally of one experiment, <paramref name="maxResults"/> at a time;
    /// pass the previous page's token to continue.</summary>
    Task<Page<Run>> SearchRunsAsync(string? experimentName = null, int maxResults = 100, string? pageToken = null, CancellationToken ct = default);

    /// <summary>Runs matching <paramref name="search"/>'s filter, in its order (newest first by default), child runs left out; pages through
    /// any number of runs with <see cref="Page{T}.NextPageToken"/>. A bad filter, order or token throws a BadSpec <see cref="MLCycleException"/>.</summary>
    Task<Page<Run>> SearchRunsAsync(Search.RunSearch search, CancellationToken ct = default);

    /// <summary>The child runs of a run (those tagged <see cref="TrackingTags.ParentRunId"/> with its id), oldest first;
    /// <see cref="SearchRunsAsync"/> leaves them out.</summary>
    Task<IReadOnlyList<Run>> GetChildRunsAsync(string parentRunId, CancellationToken ct = default);
}
