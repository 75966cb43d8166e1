using MLCycle.Client.Json;

namespace MLCycle.Client;

/// <summary>A run being logged to. Values are buffered with the time they were logged and sent by log-batch in chunks within the
/// server's limits: when a chunk fills, on <see cref="Flush"/>, and on <see cref="End"/>. Disposing flushes and ends the run
/// Finished unless it already ended; call <see cref="Fail"/> in a catch to end it Failed. Safe to log to from several threads.
/// While open, it renews the run's lease on the server in the background (<see cref="RunHeartbeat"/>, ADR 0055): if the process
/// dies, the server ends the run Killed once the lease lapses. If the server ended it so while this process lived (a machine that
/// slept past the lease), the next call to log, flush or end throws the server's 409 <see cref="MLCycleApiException"/> saying so.</summary>
public sealed class ActiveRun : IDisposable, IAsyncDisposable
{
    /// <summary>The server's limits on one log-batch request.</summary>
    public const int MaxMetricsPerBatch = 1000, MaxParamsPerBatch = 100, MaxTagsPerBatch = 100;

    /// <summary>The server's longest param and tag values, in characters.</summary>
    public const int MaxParamValue = 6000, MaxTagValue = 8000;

    private readonly MLCycleClient client;
    private readonly Lock gate = new();
    private readonly SemaphoreSlim sending = new(1, 1);
    private readonly List<MetricWire> metrics = [];
    private readonly List<KeyValueWire> parameters = [];
    private readonly List<KeyValueWire> tags = [];
    private readonly RunHeartbeat? heartbeat;
    private bool ended;

    internal ActiveRun(MLCycleClient client, string runId, TimeSpan? lease = null)
    {
        this.client = client;
        RunId = runId;
        if (lease is { } l) heartbeat = new RunHeartbeat(client, runId, l);
    }

    /// <summary>The run's id.</summary>
    public string RunId { get; }

    /// <summary>Logs a metric's value at <paramref name="step"/>, timestamped now; NaN is kept, infinities are refused.</summary>
    public void LogMetric(string key, double value, long step = 0) => LogMetric(key, value, step, DateTimeOffset.UtcNow);

    /// <summary>Logs a metric's value at <paramref name="step"/> as measured at <paramref name="timestamp"/> (kept to the millisecond), for
    /// values recorded earlier elsewhere and sent now, so a per-step chart shows when each was measured rather than when it was sent.</summary>
    public void LogMetric(string key, double value, long step, DateTimeOffset timestamp)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), value, $"Metric '{key}' is infinite; the server stores finite values and NaN only.");
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var milliseconds = timestamp.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds, nameof(timestamp));
        var full = Buffer(metrics, new MetricWire(key, value, step, milliseconds), MaxMetricsPerBatch);
        if (full) Flush();
    }

    /// <summary>Logs several metrics at one step, each timestamped as it is logged.</summary>
    public void LogMetrics(IReadOnlyDictionary<string, double> values, long step = 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (key, value) in values) LogMetric(key, value, step);
    }

    /// <summary>Logs a param (a setting of the run, written once).</summary>
    public void LogParam(string key, string value)
    {
        Check(key, value, MaxParamValue, "param");
        if (Buffer(parameters, new KeyValueWire(key, value), MaxParamsPerBatch)) Flush();
    }

    /// <summary>Sets a tag; a later value for the same key replaces the earlier one.</summary>
    public void SetTag(string key, string value)
    {
        Check(key, value, MaxTagValue, "tag");
        if (Buffer(tags, new KeyValueWire(key, value), MaxTagsPerBatch)) Flush();
    }

    /// <summary>Sends everything buffered, in as many batches as the server's limits need; a value leaves the buffer only once sent.</summary>
    public void Flush()
    {
        ThrowIfLapsed();
        sending.Wait();
        try
        {
            while (Next() is { } chunk)
            {
                client.LogBatch(RunId, chunk.Batch);
                Sent(chunk);
            }
        }
        finally
        {
            sending.Release();
        }
    }

    /// <summary>Sends everything buffered, as <see cref="Flush"/> does.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        ThrowIfLapsed();
        await sending.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (Next() is { } chunk)
            {
                await client.LogBatchAsync(RunId, chunk.Batch, ct).ConfigureAwait(false);
                Sent(chunk);
            }
        }
        finally
        {
            sending.Release();
        }
    }

    /// <summary>Flushes and ends the run with <paramref name="status"/> (Finished, Failed or Killed); returns the run as stored.</summary>
    public RunInfo End(RunStatus status = RunStatus.Finished) => Finish(status, null);

    /// <summary>Flushes and ends the run as <see cref="End(RunStatus)"/> does.</summary>
    public async Task<RunInfo> EndAsync(RunStatus status = RunStatus.Finished, CancellationToken ct = default)
    {
        await FlushAsync(ct).ConfigureAwait(false);
        ended = true;
        heartbeat?.Dispose();
        return await client.EndRunAsync(RunId, status, null, ct).ConfigureAwait(false);
    }

    /// <summary>Flushes and ends the run Failed with <paramref name="error"/> as its reason.</summary>
    public RunInfo Fail(string error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return Finish(RunStatus.Failed, error);
    }

    /// <summary>Flushes and ends the run Failed as <see cref="Fail"/> does.</summary>
    public async Task<RunInfo> FailAsync(string error, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        await FlushAsync(ct).ConfigureAwait(false);
        ended = true;
        heartbeat?.Dispose();
        return await client.EndRunAsync(RunId, RunStatus.Failed, error, ct).ConfigureAwait(false);
    }

    /// <summary>Flushes and ends the run Finished unless it already ended.</summary>
    public void Dispose()
    {
        try
        {
            if (!ended) Finish(RunStatus.Finished, null);
        }
        finally
        {
            // A refused end leaves the run to the server's lease: the beats stop with the object either way.
            heartbeat?.Dispose();
        }
    }

    /// <summary>Flushes and ends the run Finished unless it already ended.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!ended) await EndAsync(RunStatus.Finished).ConfigureAwait(false);
        }
        finally
        {
            heartbeat?.Dispose();
        }
    }

    private RunInfo Finish(RunStatus status, string? error)
    {
        Flush();
        // Marked before the call: a refused end (409, already ended) must not be retried by Dispose.
        ended = true;
        heartbeat?.Dispose();
        return client.EndRun(RunId, status, error);
    }

    /// <summary>Throws the server's refusal of a heartbeat (the run ended there, e.g. Killed when its lease lapsed) instead of logging
    /// values it would refuse. The run counts as ended from then on, so Dispose does not throw it a second time.</summary>
    private void ThrowIfLapsed()
    {
        if (heartbeat?.Refusal is not { } refusal) return;
        ended = true;
        throw new MLCycleApiException(refusal.Status, refusal.Method, refusal.Path, refusal.Title, refusal.Detail);
    }

    private bool Buffer<T>(List<T> buffer, T item, int limit)
    {
        ThrowIfLapsed();
        lock (gate)
        {
            buffer.Add(item);
            return buffer.Count >= limit;
        }
    }

    private static void Check(string key, string value, int maxValue, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > maxValue) throw new ArgumentException($"The {what} '{key}' has {value.Length} characters; the server keeps at most {maxValue}.", nameof(value));
    }

    /// <summary>The next batch: the oldest buffered values, up to each limit; null when nothing is buffered.</summary>
    private Chunk? Next()
    {
        lock (gate)
        {
            if (metrics.Count == 0 && parameters.Count == 0 && tags.Count == 0) return null;
            var m = metrics.Take(MaxMetricsPerBatch).ToList();
            var p = parameters.Take(MaxParamsPerBatch).ToList();
            var t = tags.Take(MaxTagsPerBatch).ToList();
            return new Chunk(new LogBatchWire(p.Count > 0 ? p : null, m.Count > 0 ? m : null, t.Count > 0 ? t : null), m.Count, p.Count, t.Count);
        }
    }

    private void Sent(Chunk chunk)
    {
        lock (gate)
        {
            // Only one sender at a time and new values are appended, so the first N are exactly the ones just sent.
            metrics.RemoveRange(0, chunk.Metrics);
            parameters.RemoveRange(0, chunk.Params);
            tags.RemoveRange(0, chunk.Tags);
        }
    }

    private sealed record Chunk(LogBatchWire Batch, int Metrics, int Params, int Tags);
}
