using System.Text.Json;
using System.Threading.Channels;
using MLCycle.Monitoring;
using MLCycle.Server.Apis;
using MLCycle.Serving;

namespace MLCycle.Server;

/// <summary>Scores requests with a shadow model off the request path: the request queues its rows and returns; one background reader
/// scores them and logs each row as a shadow of the prediction the caller got. The queue is bounded: when it is full the shadow scoring
/// is skipped and counted, so a slow or broken shadow never slows or fails the primary.</summary>
internal sealed class ShadowQueue : IAsyncDisposable
{
    private readonly PredictionLogWriter log;
    private readonly ServingMetrics metrics;
    private readonly Channel<Work> channel;
    private readonly Task pump;

    public ShadowQueue(PredictionLogWriter log, ServingMetrics metrics, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.log = log;
        this.metrics = metrics;
        // Wait mode, not DropWrite: with it TryWrite says false when full (DropWrite would drop silently and say true).
        channel = Channel.CreateBounded<Work>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        pump = Task.Run(PumpAsync);
    }

    /// <summary>Queues the request's rows for <paramref name="shadow"/>, linked to the ids of <paramref name="answered"/>; never waits.</summary>
    public void Enqueue(CachedModel shadow, string primaryName, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, Apis.IdentifiedPredictions answered)
    {
        // The rows' values live in the request's pooled document, returned when the request ends: the shadow needs its own copy.
        var copy = new IReadOnlyDictionary<string, JsonElement>[rows.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = rows[i].ToDictionary(f => f.Key, f => f.Value.Clone(), StringComparer.Ordinal);
        }
        if (!channel.Writer.TryWrite(new Work(shadow, copy, answered.Ids)))
        {
            metrics.ShadowFailed(primaryName, Target(shadow), "queue_full");
        }
    }

    /// <summary>Stops taking work, scores and logs what is queued.</summary>
    public async ValueTask DisposeAsync()
    {
        channel.Writer.TryComplete();
        await pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        await foreach (var work in channel.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var version = work.Shadow.Version;
            try
            {
                var result = work.Shadow.Model.Score(work.Rows, 0);
                if (!result.IsValid)
                {
                    // The primary took these rows; a shadow with another schema refusing them is the shadow's failure alone.
                    metrics.ShadowFailed(version.Name, Target(work.Shadow), "invalid");
                    continue;
                }
                var now = DateTimeOffset.UtcNow;
                var ids = new Guid[work.Rows.Length];
                PredictionId.NewMany(now, ids);
                var manifest = work.Shadow.Model.Manifest;
                // One batch for the request's rows, as the primary logs them (ADR 0061).
                using (var json = new LogEntryJson(work.Rows.Length))
                {
                    for (var i = 0; i < work.Rows.Length; i++)
                    {
                        json.Add(manifest, work.Rows[i], result.Predictions, i, ids[i], LoggedRequestTable.KeyOf(manifest, work.Rows[i]), work.PrimaryIds[i]);
                    }
                    log.TryWrite(json.Build(version.Name, version.Version, now, PredictionRole.Shadow));
                }
                metrics.Routed(version.Name, version.Version, PredictionRole.Shadow);
            }
            catch (Exception)
            {
                // Whatever the shadow throws stays here: counted, and the reader goes on with the next request.
                metrics.ShadowFailed(version.Name, Target(work.Shadow), "error");
            }
        }
    }

    private static string Target(CachedModel shadow) => shadow.Version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Work(CachedModel Shadow, IReadOnlyDictionary<string, JsonElement>[] Rows, Guid[] PrimaryIds);
}
