using System.Text.Json;
using MLCycle.Monitoring;
using MLCycle.Server.Json;
using MLCycle.Serving;

namespace MLCycle.Server.Apis;

/// <summary>The one scoring path every predict route takes: score the rows with the served model, then (when they all fit)
/// log each prediction under a new id and count the request; rows that do not fit are counted as refused.</summary>
internal static class LoggedScoring
{
    /// <summary>Scores with the model the route picks for this request (the canary for its share, else the primary), logged in its role,
    /// and queues the same rows for the route's shadow once they fit; a shadow or canary that could not be loaded is counted, not raised.</summary>
    /// <returns>As the other overload.</returns>
    public static (ScoringResult Result, Prediction[] Predictions) Score(ServingRoute route, CachedModel served, bool isCanary,
        IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, int explain, PredictionLogWriter log, ServingMetrics metrics, ShadowQueue shadows, long startTimestamp)
    {
        var role = isCanary ? PredictionRole.Canary : PredictionRole.Primary;
        var (result, predictions) = Score(served, rows, explain, log, metrics, startTimestamp, role);
        // Every request counts, not only the canary's share: which requests the share would have taken is not drawn without a canary.
        if (route.CanaryError is not null) metrics.CanaryUnloaded(served.Version.Name);
        if (!result.IsValid) return (result, predictions);
        if (route.Shadow is { } shadow && shadow.Version.Version != served.Version.Version)
        {
            shadows.Enqueue(shadow, served.Version.Name, rows, predictions);
        }
        else if (route.ShadowError is not null)
        {
            metrics.ShadowFailed(served.Version.Name, "unloaded", "load");
        }
        return (result, predictions);
    }

    /// <returns>The scoring result and, when every row fit, its predictions each carrying the id it was logged under (else empty).</returns>
    public static (ScoringResult Result, Prediction[] Predictions) Score(CachedModel served, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows,
        int explain, PredictionLogWriter log, ServingMetrics metrics, long startTimestamp, PredictionRole role = PredictionRole.Primary)
    {
        var result = served.Model.Score(rows, explain);
        if (!result.IsValid)
        {
            metrics.Refused(served.Version.Name, served.Version.Version);
            return (result, []);
        }
        var predictions = Log(served, rows, result.Predictions, explain, log, role);
        metrics.Scored(served.Version.Name, served.Version.Version, predictions.Length, result.WarningKinds, startTimestamp);
        metrics.Routed(served.Version.Name, served.Version.Version, role);
        return (result, predictions);
    }

    /// <summary>Logs each scored row under a new id (queued, not awaited, as one batch) and returns the predictions carrying their ids.</summary>
    internal static Prediction[] Log(CachedModel served, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, IReadOnlyList<Prediction?> scored,
        int explain, PredictionLogWriter log, PredictionRole role)
    {
        var now = DateTimeOffset.UtcNow;
        var predictions = new Prediction[scored.Count];
        // Ids made in one call and the rows' JSON through one writer into one buffer: per row, strings and records were most of
        // a many-row request's log cost and of the garbage it queued (ADR 0061).
        var ids = new string[predictions.Length];
        PredictionId.NewMany(now, ids);
        var manifest = served.Model.Manifest;
        using var json = new LogEntryJson(predictions.Length);
        for (var i = 0; i < predictions.Length; i++)
        {
            var prediction = scored[i]!;
            var id = ids[i];
            predictions[i] = prediction with { Id = id };
            // Only the model's inputs (and its key) are logged: unknown fields are named in the warnings, not stored.
            json.Add(manifest, rows[i], explain == 0 ? prediction : prediction with { Explanation = null }, id, LoggedRequestTable.KeyOf(manifest, rows[i]));
        }
        log.TryWrite(json.Build(served.Version.Name, served.Version.Version, now, role));
        return predictions;
    }
}
