using System.Data.Common;
using Dapper;
using MLCycle.Tracking;
using MLCycle.Tracking.Search;

namespace MLCycle.Storage;

/// <summary>The tracking store over any SQL engine the store's dialect describes.</summary>
internal sealed partial class SqlTrackingStore(StoreDatabase database) : ITrackingStore
{
    private const int MaxKeyLength = 250;
    private const int MaxSearchResults = 10_000;

    public Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken ct = default)
    {
        var clean = NameRules.ExperimentName(name);
        return database.InTransactionAsync((c, t) => GetOrCreateExperimentAsync(c, t, clean, ct), ct);
    }

    public Task<Run> CreateRunAsync(string experimentName, string? runName = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken ct = default) =>
        CreateRunAsync(RunIdGenerator.NewId(), experimentName, runName, tags, RunOwner.Current, ct);

    public Task<Run> CreateClientRunAsync(string experimentName, string? runName = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken ct = default) =>
        CreateClientRunAsync(experimentName, runName, tags, lease: null, ct);

    public Task<Run> CreateClientRunAsync(string experimentName, string? runName, IReadOnlyDictionary<string, string>? tags, TimeSpan? lease, CancellationToken ct = default)
    {
        if (lease is { } l) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(l, TimeSpan.Zero, nameof(lease));
        return CreateRunAsync(RunIdGenerator.NewId(), experimentName, runName, tags, owner: null, ct, lease: lease);
    }

    public Task<Run> CreateRunWithIdAsync(string runId, string experimentName, string? runName = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken ct = default)
    {
        if (runId is null || runId.Length != RunIdGenerator.Length || !runId.All(char.IsAsciiHexDigitLower))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"'{NameRules.Show(runId ?? "")}' is not a full run id: expected {RunIdGenerator.Length} lower-case hex digits.");
        }
        return CreateRunAsync(runId, experimentName, runName, tags, RunOwner.Current, ct, chosen: true);
    }

    // A null owner leaves the owner columns empty, which EndDeadRunsAsync never selects.
    private Task<Run> CreateRunAsync(string runId, string experimentName, string? runName, IReadOnlyDictionary<string, string>? tags, RunOwner? owner, CancellationToken ct,
        bool chosen = false, TimeSpan? lease = null)
    {
        var clean = NameRules.ExperimentName(experimentName);
        var tagList = (tags ?? new Dictionary<string, string>()).Select(t => new RunTag(t.Key, t.Value)).ToList();
        ValidateKeys(tagList.Select(t => t.Key), "tag");
        return database.InTransactionAsync(async (c, t) =>
        {
            var now = Now();
            var experiment = await GetOrCreateExperimentAsync(c, t, clean, ct).ConfigureAwait(false);
            // Only an id chosen elsewhere can be taken; a generated one has 128 random bits.
            if (chosen && await c.ExecuteScalarAsync<int?>(new CommandDefinition("SELECT 1 FROM runs WHERE run_id = @RunId", new { RunId = runId }, t, cancellationToken: ct)).ConfigureAwait(false) is not null)
            {
                throw new MLCycleException(ErrorKind.Conflict, $"A run with id {runId} already exists; a run id is taken once.");
            }
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO runs (run_id, experiment_id, name, status, start_time, owner_pid, owner_host, owner_started, heartbeat_at, lease_until)
                VALUES (@RunId, @ExperimentId, @Name, @Status, @StartTime, @OwnerPid, @OwnerHost, @OwnerStarted, @HeartbeatAt, @LeaseUntil)
                """,
                new
                {
                    RunId = runId, ExperimentId = experiment.Id, Name = runName, Status = nameof(RunStatus.Running), StartTime = now,
                    OwnerPid = owner?.ProcessId, OwnerHost = owner?.Host, OwnerStarted = owner?.StartedAt,
                    HeartbeatAt = lease is null ? (long?)null : now, LeaseUntil = lease is { } l ? now + (long)l.TotalMilliseconds : (long?)null,
                },
                t, cancellationToken: ct)).ConfigureAwait(false);
            await WriteTagsAsync(c, t, runId, tagList, ct).ConfigureAwait(false);
            return await GetRunAsync(c, t, runId, ct).ConfigureAwait(false);
        }, ct);
    }

    public Task EndRunAsync(string runId, RunStatus status, string? error = null, CancellationToken ct = default)
    {
        if (status == RunStatus.Running)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"Run '{runId}' cannot end as Running: expected Finished or Failed.");
        }
        return database.InTransactionAsync(async (c, t) =>
        {
            var id = await RunQueries.ResolveRunIdAsync(c, t, runId, ct).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition(
                "UPDATE runs SET status = @Status, end_time = @EndTime, error = @Error WHERE run_id = @RunId",
                new { Status = status.ToString(), EndTime = Now(), Error = error, RunId = id }, t, cancellationToken: ct)).ConfigureAwait(false);
        }, ct);
    }

    public Task<bool> EndRunningRunAsync(string runId, RunStatus status, string? error = null, CancellationToken ct = default)
    {
        if (status == RunStatus.Running)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"Run '{runId}' cannot end as Running: expected Finished, Failed or Killed.");
        }
        return database.InTransactionAsync(async (c, t) =>
        {
            var id = await RunQueries.ResolveRunIdAsync(c, t, runId, ct).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition(
                "UPDATE runs SET status = @Status, end_time = @EndTime, error = @Error WHERE run_id = @RunId AND status = @Running",
                new { Status = status.ToString(), EndTime = Now(), Error = error, RunId = id, Running = nameof(RunStatus.Running) },
                t, cancellationToken: ct)).ConfigureAwait(false) == 1;
        }, ct);
    }

    /// <summary>Ends as Killed every Running run whose owner process on this host is gone, and returns their ids.</summary>
    public Task<IReadOnlyList<string>> EndDeadRunsAsync(CancellationToken ct) =>
        database.InTransactionAsync<IReadOnlyList<string>>(async (c, t) =>
        {
            var running = await c.QueryAsync<(string RunId, long Pid, string Host, long Started)>(new CommandDefinition("""
                SELECT run_id, owner_pid, owner_host, owner_started FROM runs
                WHERE status = @Status AND owner_host = @Host AND owner_pid IS NOT NULL AND owner_started IS NOT NULL
                """, new { Status = nameof(RunStatus.Running), RunOwner.Current.Host }, t, cancellationToken: ct)).ConfigureAwait(false);
            var dead = running.Where(r => new RunOwner((int)r.Pid, r.Host, r.Started).IsGoneFromThisHost()).Select(r => r.RunId).ToList();
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE runs SET status = @Status, end_time = @EndTime, error = @Error WHERE run_id = @RunId AND status = @Running",
                dead.Select(id => new { Status = nameof(RunStatus.Killed), EndTime = Now(), Error = Run.KilledError, RunId = id, Running = nameof(RunStatus.Running) }),
                t, cancellationToken: ct)).ConfigureAwait(false);
            return dead;
        }, ct);

    public Task<Run> GetRunAsync(string runId, CancellationToken ct = default) =>
        database.ReadAsync(async c =>
        {
            var id = await RunQueries.ResolveRunIdAsync(c, null, runId, ct).ConfigureAwait(false);
            return await GetRunAsync(c, null, id, ct).ConfigureAwait(false);
        }, ct);

    public Task<RunExperiment> GetRunExperimentAsync(string runId, CancellationToken ct = default) =>
        database.ReadAsync(async c =>
        {
            // One query, not a resolve and then a join: every log-batch request pays this before its write.
            var (id, experiment, leaseUntil, lapsed) = await RunQueries.ResolveRunExperimentAsync(c, null, runId, ct).ConfigureAwait(false);
            return new RunExperiment(id, experiment, leaseUntil is { } until ? DateTimeOffset.FromUnixTimeMilliseconds(until) : null, lapsed != 0);
        }, ct);

    public Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<Metric>>(async c =>
        {
            var id = await RunQueries.ResolveRunIdAsync(c, null, runId, ct).ConfigureAwait(false);
            // PostgreSQL keeps the history as a row per key and batch with the values in arrays (migration 15): a batch's row is
            // its history_id, a value's place in the batch its position, as metric_id is both in SQLite's row per value.
            var sql = database.Dialect is PostgresDialect
                ? """
                  SELECT h.run_id AS RunId, h.key AS Key, u.value AS Value, u.is_nan AS IsNan, u.step AS Step, u.logged_at AS LoggedAt
                  FROM metric_history h,
                       unnest(h.value_list, h.is_nan_list, h.step_list, h.logged_at_list) WITH ORDINALITY AS u(value, is_nan, step, logged_at, position)
                  WHERE h.run_id = @RunId AND h.key = @Key ORDER BY u.step, u.logged_at, h.history_id, u.position
                  """
                : """
                  SELECT run_id AS RunId, key AS Key, value AS Value, is_nan AS IsNan, step AS Step, logged_at AS LoggedAt
                  FROM metrics WHERE run_id = @RunId AND key = @Key ORDER BY step, logged_at, metric_id
                  """;
            var rows = await c.QueryAsync<RunQueries.MetricRow>(new CommandDefinition(
                sql, new { RunId = id, Key = key }, cancellationToken: ct)).ConfigureAwait(false);
            return rows.Select(r => r.ToMetric()).ToList();
        }, ct);

    public Task<Page<Run>> SearchRunsAsync(string? experimentName = null, int maxResults = 100, string? pageToken = null, CancellationToken ct = default)
    {
        if (maxResults is < 1 or > MaxSearchResults)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"maxResults must be between 1 and {MaxSearchResults}, got {maxResults}.");
        }
        var after = pageToken is null ? long.MaxValue : PageToken.Decode(pageToken);
        return database.ReadAsync(async c =>
        {
            // Children (tuning trials) are listed under their parent, not among the runs.
            var filter = $"r.run_seq < @After AND NOT EXISTS (SELECT 1 FROM tags pt WHERE pt.run_id = r.run_id AND pt.key = '{TrackingTags.ParentRunId}')";
            if (experimentName is not null)
            {
                NameRules.ExperimentName(experimentName);
                var known = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM experiments WHERE name = @Name", new { Name = experimentName }, cancellationToken: ct)).ConfigureAwait(false);
                if (known == 0)
                {
                    throw new NotFoundException($"No experiment named '{experimentName}'.");
                }
                filter += " AND e.name = @Experiment";
            }
            // One row more than asked tells whether another page exists without a second query.
            var rows = (await c.QueryAsync<RunQueries.RunRow>(new CommandDefinition(
                $"{RunQueries.SelectRun} WHERE {filter} ORDER BY r.run_seq DESC LIMIT @Take",
                new { After = after, Experiment = experimentName, Take = maxResults + 1 }, cancellationToken: ct)).ConfigureAwait(false)).AsList();
            var page = rows.Take(maxResults).ToList();
            var runs = await RunQueries.LoadRunsAsync(c, null, database.Dialect, page, ct).ConfigureAwait(false);
            return new Page<Run>(runs, rows.Count > maxResults ? PageToken.Encode(page[^1].RunSeq) : null);
        }, ct);
    }

    public Task<Page<Run>> SearchRunsAsync(RunSearch search, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        if (search.MaxResults is < 1 or > RunSearch.MaxPageSize)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"max_results must be between 1 and {RunSearch.MaxPageSize}, got {search.MaxResults}.");
        }
        var filter = RunFilter.Parse(search.Filter);
        var order = RunOrder.Parse(search.OrderBy);
        var from = search.PageToken is null ? null : SearchPageToken.Decode(search, order);
        if (search.Experiment is not null) NameRules.ExperimentName(search.Experiment);
        return database.ReadAsync(async c =>
        {
            if (search.Experiment is not null)
            {
                var known = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM experiments WHERE name = @Name", new { Name = search.Experiment }, cancellationToken: ct)).ConfigureAwait(false);
                if (known == 0) throw new NotFoundException($"No experiment named '{search.Experiment}'.");
            }
            // Pages count from the newest run of the first page's time, so runs created while a caller pages do not shift them.
            var snapshot = from?.Snapshot ?? await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT MAX(run_seq) FROM runs", cancellationToken: ct)).ConfigureAwait(false) ?? 0;
            var rows = await SearchRowsAsync(c, search, filter, order, snapshot, from, search.MaxResults + 1, ct).ConfigureAwait(false);
            var page = rows.Take(search.MaxResults).ToList();
            var runs = await RunQueries.LoadRunsAsync(c, null, database.Dialect, [.. page.Select(r => r.Run)], ct).ConfigureAwait(false);
            var next = rows.Count > search.MaxResults ? new SearchPageToken(snapshot, page[^1].Run.RunSeq, page[^1].SortValues).Encode(search) : null;
            return new Page<Run>(runs, next);
        }, ct);
    }

    /// <summary>The <paramref name="take"/> runs after <paramref name="after"/>. An order split in two parts (see
    /// <see cref="RunSearchQuery.IsSplit"/>) reads the first part unless the last page already ended in the second, and the second
    /// only when the page reaches past the first one's end.</summary>
    private async Task<List<RunSearchQuery.SearchRow>> SearchRowsAsync(
        DbConnection c, RunSearch search, RunFilter filter, IReadOnlyList<RunOrder> order, long snapshot, SearchPageToken? after, int take, CancellationToken ct)
    {
        var split = RunSearchQuery.IsSplit(order);
        var inSecondPart = split && after is { SortValues: [null, ..] };
        var rows = inSecondPart ? [] : await RunSearchQuery.ReadAsync(
            c, RunSearchQuery.Build(database.Dialect, search, filter, order, snapshot, after, take), order, ct).ConfigureAwait(false);
        if (split && rows.Count < take)
        {
            // The second part starts at its top unless the last page ended inside it.
            var rest = RunSearchQuery.BuildWithoutSortValue(database.Dialect, search, filter, order, snapshot, inSecondPart ? after : null, take - rows.Count);
            rows.AddRange(await RunSearchQuery.ReadAsync(c, rest, order, ct).ConfigureAwait(false));
        }
        return rows;
    }

    public Task<IReadOnlyList<Run>> GetChildRunsAsync(string parentRunId, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<Run>>(async c =>
        {
            var id = await RunQueries.ResolveRunIdAsync(c, null, parentRunId, ct).ConfigureAwait(false);
            var rows = (await c.QueryAsync<RunQueries.RunRow>(new CommandDefinition($"""
                {RunQueries.SelectRun}
                JOIN tags pt ON pt.run_id = r.run_id AND pt.key = '{TrackingTags.ParentRunId}'
                WHERE pt.value = @Parent ORDER BY r.run_seq
                """, new { Parent = id }, cancellationToken: ct)).ConfigureAwait(false)).AsList();
            return await RunQueries.LoadRunsAsync(c, null, database.Dialect, rows, ct).ConfigureAwait(false);
        }, ct);

    private async Task<Experiment> GetOrCreateExperimentAsync(DbConnection c, DbTransaction t, string name, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(
            database.Dialect.InsertIfAbsent("experiments", ["name", "created_at"]),
            new { name, created_at = Now() }, t, cancellationToken: ct)).ConfigureAwait(false);
        var row = await c.QuerySingleAsync<(long Id, long CreatedAt)>(new CommandDefinition(
            "SELECT experiment_id, created_at FROM experiments WHERE name = @Name", new { Name = name }, t, cancellationToken: ct)).ConfigureAwait(false);
        return new Experiment(row.Id, name, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt));
    }

    private async Task<Run> GetRunAsync(DbConnection c, DbTransaction? t, string runId, CancellationToken ct)
    {
        var row = await c.QuerySingleAsync<RunQueries.RunRow>(new CommandDefinition(
            $"{RunQueries.SelectRun} WHERE r.run_id = @RunId", new { RunId = runId }, t, cancellationToken: ct)).ConfigureAwait(false);
        return (await RunQueries.LoadRunsAsync(c, t, database.Dialect, [row], ct).ConfigureAwait(false))[0];
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
