using MLCycle.Monitoring;
using MLCycle.Storage;

namespace MLCycle.Server.Tests;

/// <summary>Waits for the background prediction log to have written the entries of given ids.</summary>
internal static class LoggedPredictions
{
    /// <summary>The entries of model <c>churn</c> with these ids, once all are written or after two minutes (then fewer).</summary>
    public static async Task<List<PredictionLogEntry>> WaitForAsync(MLCycleStore store, IReadOnlySet<string> ids)
    {
        var found = new List<PredictionLogEntry>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var all = await store.Predictions.ReadAsync("churn", limit: int.MaxValue);
            found = [.. all.Where(e => e.Id is not null && ids.Contains(e.Id))];
            if (found.Count == ids.Count) break;
            await Task.Delay(200);
        }
        return found;
    }
}
