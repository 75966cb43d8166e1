using System.Text.Json;
using MLCycle.Monitoring;
using MLCycle.Server.Json;
using MLCycle.Serving;

namespace MLCycle.Server.Apis;

/// <summary>The one scoring path every predict route takes: score the rows with the served model, then (when they all fit)
/// give each prediction a new id, count the request and hand back its log rows to write; rows that do not fit are counted as refused.</summary>
internal static class LoggedScoring
{
    /// <summary>The fewest rows whose answer keeps its probabilities' text for the log (ADR 0077).</summary>
    internal const int ProbabilityTextsFrom = 64;

    /// <summary>Scores with the model the route picks for this request (the canary for its share, else the primary), logged in its role,
    /// and queues the same rows for the route's shadow once they fit; a shadow or canary that could not be loaded is counted, not raised.</summary>
    /// <returns>As the other overload.</returns>
    public static ScoredRequest Score(ServingRoute route, CachedModel served, bool isCanary,
        IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, int explain, PredictionLogWriter log, ServingMetrics metrics, ShadowQueue shadows, long startTimestamp)
    {
        var role = isCanary ? PredictionRole.Canary : PredictionRole.Primary;
        var scored = Score(served, rows, explain, log, metrics, startTimestamp, role);
        // Every request counts, not only the canary's share: which requests the share would have taken is not drawn without a canary.
        if (route.CanaryError is not null) metrics.CanaryUnloaded(served.Version.Name);
        if (!scored.Result.IsValid) return scored;
        if (route.Shadow is { } shadow && shadow.Version.Version != served.Version.Version)
        {
            shadows.Enqueue(shadow, served.Version.Name, rows, scored.Predictions);
        }
        else if (route.ShadowError is not null)
        {
            metrics.ShadowFailed(served.Version.Name, "unloaded", "load");
        }
        return scored;
    }

    /// <returns>The scoring result and, when every row fit, its predictions each carrying the id it will be logged under (else empty),
    /// and the log rows still to be built and queued (<see cref="PendingLog.Write"/>; null when the rows did not fit).</returns>
    public static ScoredRequest Score(CachedModel served, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows,
        int explain, PredictionLogWriter log, ServingMetrics metrics, long startTimestamp, PredictionRole role = PredictionRole.Primary)
    {
        var result = served.Model.Score(rows, explain);
        if (!result.IsValid)
        {
            metrics.Refused(served.Version.Name, served.Version.Version);
            return new ScoredRequest(result, IdentifiedPredictions.Empty, null);
        }
        var (predictions, pending) = Identify(served, rows, result.Predictions, log, role);
        metrics.Scored(served.Version.Name, served.Version.Version, predictions.Count, result.WarningKinds, startTimestamp);
        metrics.Routed(served.Version.Name, served.Version.Version, role);
        return new ScoredRequest(result, predictions, pending);
    }

    /// <summary>Gives each scored row a new id (the answer carries them) and returns the log rows to build under those ids.</summary>
    internal static (IdentifiedPredictions Predictions, PendingLog Log) Identify(CachedModel served, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows,
        IReadOnlyList<Prediction?> scored, PredictionLogWriter log, PredictionRole role)
    {
        var now = DateTimeOffset.UtcNow;
        // Ids made in one call: per row, a lock and a call for random bytes were a third of a many-row request's log cost (ADR 0061).
        var ids = new Guid[scored.Count];
        PredictionId.NewMany(now, ids);
        // For many-row binary answers only (a single row's two numbers are not worth it); nothing is rented until a v1 answer keeps a row.
        var texts = served.Model.Manifest.Task == TaskKind.Binary && scored.Count >= ProbabilityTextsFrom ? new ProbabilityTexts(scored.Count) : null;
        return (new IdentifiedPredictions(scored, ids, texts), new PendingLog(served, rows, scored, ids, log, role, now, texts));
    }
}

/// <summary>What scoring a request gave: the result, the predictions with their ids, and their log rows still to be written (null
/// when the rows did not fit the model).</summary>
internal readonly record struct ScoredRequest(ScoringResult Result, IdentifiedPredictions Predictions, PendingLog? Log);

/// <summary>A request's predictions, identified but not yet logged. The routes write them after the answer has gone
/// (<see cref="AfterResponse"/>): building the rows' JSON was a third of a 10,000-row request's time, and the log is written
/// behind the answer anyway (ADR 0067).</summary>
internal sealed class PendingLog : IPendingLog
{
    private readonly CachedModel served;
    private readonly IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows;
    private readonly IReadOnlyList<Prediction?> scored;
    private readonly Guid[] ids;
    private readonly PredictionLogWriter log;
    private readonly PredictionRole role;
    private readonly DateTimeOffset time;
    private readonly ProbabilityTexts? texts;

    internal PendingLog(CachedModel served, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, IReadOnlyList<Prediction?> scored,
        Guid[] ids, PredictionLogWriter log, PredictionRole role, DateTimeOffset time, ProbabilityTexts? texts = null)
    {
        this.texts = texts;
        this.served = served;
        this.rows = rows;
        this.scored = scored;
        this.ids = ids;
        this.log = log;
        this.role = role;
        this.time = time;
    }

    /// <summary>The rows to be logged.</summary>
    public int Count => ids.Length;

    /// <summary>Builds the rows' JSON through one writer into one buffer (ADR 0061) and queues them as one batch (each call queues
    /// one); the request's rows must still be alive (their reader not disposed).</summary>
    public void Write()
    {
        var manifest = served.Model.Manifest;
        try
        {
            using var json = new LogEntryJson(ids.Length);
            for (var i = 0; i < ids.Length; i++)
            {
                // Only the model's inputs (and its key) are logged: unknown fields are named in the warnings, not stored.
                json.Add(manifest, rows[i], scored, i, ids[i], LoggedRequestTable.KeyOf(manifest, rows[i]), texts: texts);
            }
            log.TryWrite(json.Build(served.Version.Name, served.Version.Version, time, role));
        }
        finally
        {
            // The last reader of the answer's texts: the build runs once the answer is done (AfterResponse).
            texts?.Dispose();
        }
    }

    /// <summary>Counts the rows as dropped by the log (its metrics and health say so), for a build that failed.</summary>
    public void CountLost()
    {
        texts?.Dispose();
        log.CountDropped(served.Version.Name, time, ids.Length);
    }
}
