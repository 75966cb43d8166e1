using System.Text.Json;
using MLCycle.Monitoring;
using MLCycle.Server.Json;
using MLCycle.Serving;

namespace MLCycle.Server.Apis;

/// <summary>The one scoring path every predict route takes: score the rows with the served model, then (when they all fit)
/// log each prediction and count the request; rows that do not fit are counted as refused.</summary>
internal static class LoggedScoring
{
    public static ScoringResult Score(CachedModel served, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, IReadOnlyList<string> rawRows,
        int explain, PredictionLogWriter log, ServingMetrics metrics, long startTimestamp)
    {
        var result = served.Model.Score(rows, explain);
        if (!result.IsValid)
        {
            metrics.Refused(served.Version.Name, served.Version.Version);
            return result;
        }
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < result.Predictions.Count; i++)
        {
            var prediction = result.Predictions[i]!;
            log.TryWrite(new PredictionLogEntry(served.Version.Name, served.Version.Version, now, rawRows[i],
                JsonSerializer.Serialize(explain == 0 ? prediction : prediction with { Explanation = null }, ServerJsonContext.Default.Prediction)));
        }
        metrics.Scored(served.Version.Name, served.Version.Version, result.Predictions.Count, result.Warnings.Count, startTimestamp);
        return result;
    }
}
