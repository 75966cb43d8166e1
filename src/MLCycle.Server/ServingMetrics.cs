using System.Collections.Concurrent;
using System.Diagnostics;
using MLCycle.Monitoring;
using MLCycle.Serving;
using Prometheus;

namespace MLCycle.Server;

/// <summary>
/// What `/metrics` shows in Prometheus' text format: predict requests, their latency and rows per model and version, warnings,
/// the prediction log's queue and losses, and the models loaded. A registry of its own per server, so two servers in one
/// process (the tests) do not share counts.
/// </summary>
public sealed class ServingMetrics
{
    // Serving answers in about a millisecond; the buckets resolve that and still show a slow tail.
    private static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly Counter _requests;
    private readonly Histogram _latency;
    private readonly Counter _rows;
    private readonly Counter _warnings;
    private readonly Counter _rejected;
    private readonly Counter _routed;
    private readonly Counter _shadowFailures;
    private readonly Counter _canaryUnloaded;
    private readonly ConcurrentDictionary<(string, int), Labelled> _byVersion = new();
    private readonly ConcurrentDictionary<(string, int, PredictionRole), Counter.Child> _byRole = new();

    public ServingMetrics(PredictionLogWriter log, ModelCache cache)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(cache);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _requests = factory.CreateCounter("mlcycle_predict_requests_total", "Predict requests answered, by model, version and outcome (ok, invalid).",
            new CounterConfiguration { LabelNames = ["model", "version", "outcome"] });
        _latency = factory.CreateHistogram("mlcycle_predict_duration_seconds", "Time to read and score a predict request (writing the response aside).",
            new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = LatencyBuckets });
        _rows = factory.CreateCounter("mlcycle_rows_scored_total", "Rows scored.", new CounterConfiguration { LabelNames = ["model", "version"] });
        _warnings = factory.CreateCounter("mlcycle_warnings_total", "Warnings returned with predictions, by kind (unseen_category, unknown_column, out_of_range).",
            new CounterConfiguration { LabelNames = ["model", "version", "kind"] });
        _rejected = factory.CreateCounter("mlcycle_requests_rejected_total",
            "Prediction requests refused by admission control, by reason (concurrency, queued_rows, request_rows).",
            new CounterConfiguration { LabelNames = ["reason"] });
        _routed = factory.CreateCounter("mlcycle_route_requests_total",
            "Requests scored by model, version and role: primary and canary answered, shadow scored beside the answer and logged.",
            new CounterConfiguration { LabelNames = ["model", "version", "role"] });
        _shadowFailures = factory.CreateCounter("mlcycle_shadow_failures_total",
            "Shadow scorings that did not happen, by reason (load, invalid, error, queue_full); the request was answered by its primary regardless.",
            new CounterConfiguration { LabelNames = ["model", "target", "reason"] });
        _canaryUnloaded = factory.CreateCounter("mlcycle_canary_unloaded_total",
            "Requests answered by the primary while the model's canary route could not be loaded (a deleted alias, a broken package): its share went to the primary.",
            new CounterConfiguration { LabelNames = ["model"] });
        var queued = factory.CreateGauge("mlcycle_prediction_log_queue_depth", "Prediction log entries waiting to be written.");
        var queuedBytes = factory.CreateGauge("mlcycle_prediction_log_queue_bytes", "Measured bytes of prediction log entries waiting to be written.");
        var dropped = factory.CreateGauge("mlcycle_prediction_log_dropped_rows_total", "Prediction log rows refused because the queue's byte budget was spent.");
        var failed = factory.CreateGauge("mlcycle_prediction_log_failed_total", "Prediction log entries lost because the database refused their batch.");
        var written = factory.CreateGauge("mlcycle_prediction_log_written_total", "Prediction log entries written.");
        var loaded = factory.CreateGauge("mlcycle_models_loaded", "Model versions loaded and ready to score.");
        // Read at scrape time, so the request path pays nothing for them.
        Registry.AddBeforeCollectCallback(() =>
        {
            queued.Set(log.QueuedCount);
            queuedBytes.Set(log.QueuedBytes);
            dropped.Set(log.DroppedCount);
            failed.Set(log.FailedCount);
            written.Set(log.WrittenCount);
            loaded.Set(cache.LoadedCount);
        });
    }

    /// <summary>The registry `/metrics` exports.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Counts a scored request: rows, warnings by kind and its latency from <paramref name="startTimestamp"/>.</summary>
    public void Scored(string model, int version, int rows, IReadOnlyDictionary<string, int> warnings, long startTimestamp)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var labelled = For(model, version);
        labelled.Ok.Inc();
        labelled.Rows.Inc(rows);
        foreach (var (kind, count) in warnings)
        {
            // Looked up per request only when there are warnings; the kinds are a fixed handful.
            _warnings.WithLabels(model, labelled.Version, kind).Inc(count);
        }
        labelled.Latency.Observe(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
    }

    /// <summary>Counts a request scored by <paramref name="version"/> in <paramref name="role"/>.</summary>
    public void Routed(string model, int version, PredictionRole role) =>
        _byRole.GetOrAdd((model, version, role), key => _routed.WithLabels(key.Item1, key.Item2.ToString(System.Globalization.CultureInfo.InvariantCulture),
            key.Item3.ToString().ToLowerInvariant())).Inc();

    /// <summary>Counts a shadow scoring of <paramref name="model"/> that failed or was skipped; <paramref name="target"/> names the shadow.</summary>
    public void ShadowFailed(string model, string target, string reason) => _shadowFailures.WithLabels(model, target, reason).Inc();

    /// <summary>Counts a request of <paramref name="model"/> answered by its primary because its canary could not be loaded.</summary>
    public void CanaryUnloaded(string model) => _canaryUnloaded.WithLabels(model).Inc();

    /// <summary>Counts a request the model refused (rows that do not fit its inputs).</summary>
    public void Refused(string model, int version) => For(model, version).Invalid.Inc();

    /// <summary>Counts a request admission control refused, by <paramref name="reason"/>.</summary>
    public void Rejected(string reason) => _rejected.WithLabels(reason).Inc();

    private Labelled For(string model, int version) => _byVersion.GetOrAdd((model, version), key =>
    {
        var v = key.Item2.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Labelled(v, _requests.WithLabels(key.Item1, v, "ok"), _requests.WithLabels(key.Item1, v, "invalid"),
            _latency.WithLabels(key.Item1, v), _rows.WithLabels(key.Item1, v));
    });

    // Children looked up once per model version: WithLabels on every request would cost a dictionary walk each time.
    private sealed record Labelled(string Version, Counter.Child Ok, Counter.Child Invalid, Histogram.Child Latency, Counter.Child Rows);
}
