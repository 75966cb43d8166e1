using System.Globalization;
using MLCycle.Data;
using MLCycle.Profiling.Drift;
using MLCycle.Registry;
using MLCycle.Serving;
using MLCycle.Tracking;

namespace MLCycle.Monitoring;

/// <summary>
/// Compares new data, or the requests a server logged, with a registered model's training reference: feature drift
/// and prediction drift, at the PSI threshold the model's manifest carries (from its spec) unless the caller overrides it.
/// </summary>
public sealed class DriftCheck(IModelRegistry registry, IPredictionLog predictionLog, ArtifactStore artifacts)
{
    public const double DefaultPsi = ModelMonitoring.DefaultPsi;

    /// <summary>The fewest non-missing values a column needs for a verdict (<see cref="DriftOptions.MinimumRows"/>).</summary>
    public int MinimumRows { get; init; } = DriftOptions.DefaultMinimumRows;

    /// <summary>Rows read, scored and counted at a time: a file of any length needs the memory of two batches.</summary>
    public const int BatchRows = 65_536;

    /// <summary>The default of <see cref="ScoreSample"/>.</summary>
    public const int DefaultScoreSample = 100_000;

    /// <summary>
    /// Rows of a file scored for prediction drift: a fixed uniform sample of this many (the same rows on every run and
    /// machine), read with the features in one parallel pass (docs/adr/0038). The prediction tests use the sample's
    /// count, and the report states it (<see cref="MonitorReport.ScoredRows"/>). 0 scores every row, in batches as the
    /// file is read, as does a check per time window. Feature drift always counts every row.
    /// </summary>
    public int ScoreSample { get; init; } = DefaultScoreSample;

    public Task<MonitorReport> CheckFileAsync(string modelReference, string dataPath, double? psi = null, CancellationToken ct = default) =>
        CheckFileAsync(modelReference, dataPath, window: null, psi, ct);

    /// <summary>Drift of a file, overall and, with <paramref name="window"/>, per time window of its time column.</summary>
    public async Task<MonitorReport> CheckFileAsync(string modelReference, string dataPath, MonitorWindow? window, double? psi = null, CancellationToken ct = default)
    {
        var scan = window is null && ScoreSample > 0;
        // The sniffer needs no model, so the file's column names are read while the model loads (one core each); a model
        // that cannot be loaded is still the error reported first.
        var sniffed = scan ? Task.Run(() => DriftFileScan.ColumnNames(dataPath), ct) : null;
        (ModelVersion, LoadedModel) loaded;
        try
        {
            loaded = await LoadAsync(modelReference, ct);
        }
        catch when (sniffed is not null)
        {
            // The sniffer is not left running past the call, nor its own failure unobserved.
            await sniffed.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
        var (version, model) = loaded;
        using (model)
        {
            // Read with the kinds the model was trained on, so "0"/"1" categories stay categories.
            var types = model.Manifest.Inputs.ToDictionary(i => i.Name, i => i.Kind);
            if (ScoreSample < 0)
                throw new MLCycleException(ErrorKind.BadSpec, $"The rows to score for prediction drift must be 0 (every row) or more, found {ScoreSample}.");
            var names = sniffed is not null
                ? await sniffed
                : (await new TableReader().InferSchemaAsync(dataPath, null, ct)).Select(c => c.Name).ToList();
            var present = names.ToHashSet();
            if (window is not null)
            {
                // A missing --time-column is a wrong call (bad arguments); a column the file lacks is about the data.
                if (window.TimeColumn is null)
                    throw new MLCycleException(ErrorKind.BadSpec, "--window on a file needs --time-column COL, the column holding each row's time.");
                if (!present.Contains(window.TimeColumn))
                {
                    throw new MLCycleException(ErrorKind.BadData,
                        $"'{dataPath}' has no column '{window.TimeColumn}' (--time-column); its columns are: {string.Join(", ", names)}.");
                }
                types[window.TimeColumn] = ColumnKind.DateTime;
            }
            var read = new TableReadOptions { Types = types.Where(t => present.Contains(t.Key)).ToDictionary() };
            var threshold = psi ?? model.Manifest.Monitoring?.Psi ?? DefaultPsi;
            var accumulator = DriftAccumulator.For(model.Manifest, new DriftOptions { PsiThreshold = threshold, MinimumRows = MinimumRows });
            if (scan)
            {
                var sample = await Task.Run(() => DriftFileScan.Run(dataPath, read, accumulator, ScoreSample, ct), ct);
                long sampled = 0, refused = 0;
                if (sample is not null)
                {
                    var scoredSample = model.Score(sample);
                    accumulator.AddPredictions(scoredSample.Predictions.Where(p => p is not null).Select(p => p!).ToList());
                    (sampled, refused) = (sample.RowCount, scoredSample.Errors.Select(e => e.Row).Distinct().LongCount());
                }
                return new MonitorReport(version.Name, version.Version, Path.GetFullPath(dataPath), accumulator.Rows, refused, accumulator.Report())
                {
                    ScoredRows = sampled,
                };
            }
            var windows = window is null ? null : new WindowedDrift(accumulator, window, dataPath);
            long rejected = 0;
            // One batch is scored and counted while DuckDB reads the next, so memory holds two batches whatever the file's size.
            await using var batches = new TableReader().ReadBatchesAsync(dataPath, BatchRows, read, ct).GetAsyncEnumerator(ct);
            var next = batches.MoveNextAsync().AsTask();
            try
            {
                while (await next)
                {
                    var batch = batches.Current;
                    next = batches.MoveNextAsync().AsTask();
                    var scored = model.Score(batch);
                    accumulator.Add(batch, scored.Predictions.Where(p => p is not null).Select(p => p!).ToList());
                    windows?.Add(batch, scored.Predictions);
                    rejected += scored.Errors.Select(e => e.Row).Distinct().LongCount();
                }
            }
            finally
            {
                // The enumerator cannot be disposed while a read is in flight; a failure while scoring waits for it first.
                await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            return new MonitorReport(version.Name, version.Version, Path.GetFullPath(dataPath), accumulator.Rows, rejected, accumulator.Report())
            {
                ScoredRows = accumulator.Rows,
                Windows = windows?.Reports(),
                UntimedRows = windows?.UntimedRows ?? 0,
            };
        }
    }

    public Task<MonitorReport> CheckLoggedAsync(string modelReference, DateTimeOffset? since = null, double? psi = null, CancellationToken ct = default) =>
        CheckLoggedAsync(modelReference, since, window: null, psi, ct);

    /// <summary>Drift of the logged requests, overall and, with <paramref name="window"/>, per time window of their arrival.</summary>
    public async Task<MonitorReport> CheckLoggedAsync(string modelReference, DateTimeOffset? since, MonitorWindow? window, double? psi = null, CancellationToken ct = default)
    {
        var (version, model) = await LoadAsync(modelReference, ct);
        using (model)
        {
            var entries = await predictionLog.ReadAsync(version.Name, since, int.MaxValue, ct);
            var mine = entries.Where(e => e.Version == version.Version).ToList();
            if (mine.Count == 0)
                throw new MLCycleException(ErrorKind.NotFound, $"No logged requests for {version.Name}:{version.Version}{(since is null ? "" : $" since {since:O}")}; serve the model and send requests first.");
            var table = LoggedRequestTable.Build(model.Manifest, mine);
            // Dropped rows are counted per model and day, not per version: the count is an upper bound for this version.
            var dropped = await predictionLog.CountDroppedAsync(version.Name, since, ct);
            var source = $"{mine.Count} logged request rows{(since is null ? "" : $" since {since.Value.ToString("O", CultureInfo.InvariantCulture)}")}";
            var logged = entries.GroupBy(e => (e.Version, e.Role)).OrderBy(g => g.Key.Version).ThenBy(g => g.Key.Role)
                .Select(g => new LoggedVersionRows(g.Key.Version, g.Key.Role, g.LongCount())).ToList();
            var report = Compare(version, model, table, source, psi) with { Dropped = dropped, Logged = logged };
            if (window is null) return report;
            var windows = mine.GroupBy(e => (e.Time - DateTimeOffset.UnixEpoch).Ticks / window.Length.Ticks).OrderBy(g => g.Key).ToList();
            if (windows.Count > MonitorWindow.MaxWindows)
                throw new MLCycleException(ErrorKind.BadSpec, $"The logged requests span {windows.Count:N0} windows of {window.Length}, more than {MonitorWindow.MaxWindows:N0}; give a longer --window.");
            return report with
            {
                Windows = windows.Select(g =>
                {
                    var start = DateTimeOffset.UnixEpoch + window.Length * g.Key;
                    var part = Compare(version, model, LoggedRequestTable.Build(model.Manifest, g.ToList()), source, psi);
                    return new DriftWindow(start, start + window.Length, part.Rows, part.Drift);
                }).ToList(),
            };
        }
    }

    private MonitorReport Compare(ModelVersion version, LoadedModel model, Table table, string source, double? psi)
    {
        var scored = model.Score(table);
        var predictions = scored.Predictions.Where(p => p is not null).Select(p => p!).ToList();
        // Packages written before the manifest carried monitoring settings get the default.
        var threshold = psi ?? model.Manifest.Monitoring?.Psi ?? DefaultPsi;
        var drift = DriftDetector.Detect(model.Manifest, table, predictions, new DriftOptions { PsiThreshold = threshold, MinimumRows = MinimumRows });
        var rejected = scored.Errors.Select(e => e.Row).Distinct().LongCount();
        return new MonitorReport(version.Name, version.Version, source, table.RowCount, rejected, drift);
    }

    private async Task<(ModelVersion, LoadedModel)> LoadAsync(string reference, CancellationToken ct)
    {
        var version = await registry.ResolveAsync(ModelReference.Parse(reference), ct);
        return (version, await LoadedModel.LoadAsync(version, artifacts, ct));
    }
}
