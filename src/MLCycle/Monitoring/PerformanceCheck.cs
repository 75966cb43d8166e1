using System.Globalization;
using System.Text.Json;
using MLCycle.Evaluation;
using MLCycle.Metrics;
using MLCycle.Registry;
using MLCycle.Tracking;

namespace MLCycle.Monitoring;

/// <summary>
/// Measures a registered model on the predictions it served and their outcomes: the logged outputs of its version joined with the
/// outcomes sent back, in time windows, with the sklearn-equal metrics of the Metrics suite, against the test metrics it was promoted
/// on and the performance gate of its spec (or the caller's).
/// </summary>
public sealed class PerformanceCheck(IModelRegistry registry, IPredictionLog predictionLog, ArtifactStore artifacts)
{
    /// <summary>The fewest labelled rows a window needs for metrics and a verdict; AUC on a handful of rows says nothing.</summary>
    public const int DefaultMinimumRows = 200;

    private static readonly JsonSerializerOptions OutputJson = new(JsonSerializerDefaults.Web);

    public int MinimumRows { get; init; } = DefaultMinimumRows;

    public async Task<PerformanceReport> CheckAsync(string modelReference, string window = "1d", string? gate = null, DateTimeOffset? since = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumRows, 1);
        var width = MonitorWindow.ParseLength(window);
        var version = await registry.ResolveAsync(ModelReference.Parse(modelReference), ct).ConfigureAwait(false);
        var manifest = await ModelPackage.ReadManifestAsync(artifacts.Resolve(version.PackagePath), ct).ConfigureAwait(false);
        var gateText = gate ?? manifest.Monitoring?.Performance;
        var parsedGate = gateText is null ? null : ParseGate(gateText);
        // "auc" and "roc_auc" are one metric: the gate reads the current name so the table shows it once.
        if (parsedGate?.Metric is { } named && MetricKeys.LegacyAliases.TryGetValue(named, out var current)) parsedGate = parsedGate with { Metric = current };

        var all = await predictionLog.ReadLabelledAsync(version.Name, since, ct).ConfigureAwait(false);
        var labelled = all.Where(l => l.Version == version.Version).ToList();
        var shown = Shown(manifest.Task, parsedGate?.Metric);
        var windows = labelled
            .GroupBy(l => l.Time.ToUnixTimeMilliseconds() / (long)width.TotalMilliseconds)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var start = DateTimeOffset.FromUnixTimeMilliseconds(g.Key * (long)width.TotalMilliseconds);
                var rows = g.ToList();
                return new PerformanceWindow(start, start + width, rows.Count, rows.Count < MinimumRows ? null : Measure(manifest, rows, shown));
            })
            .ToList();
        var promoted = shown.Where(manifest.Metrics.ContainsKey).ToDictionary(k => k, k => manifest.Metrics[k]);

        var latest = windows.LastOrDefault(w => w.Metrics is not null);
        GateResult? result = null;
        string verdict;
        if (parsedGate is null) verdict = "no gate";
        else if (latest is null) verdict = "too few rows";
        else
        {
            var evaluation = new EvaluationResult { Task = manifest.Task, Metrics = latest.Metrics! };
            result = QualityGates.Evaluate([parsedGate], evaluation, evaluation).Single();
            verdict = result.Passed ? "ok" : "degraded";
        }
        return new PerformanceReport(version.Name, version.Version, window, MinimumRows, labelled.Count, promoted, windows, result, verdict)
        {
            Versions = await ByVersionAsync(version, manifest, all, shown, ct).ConfigureAwait(false),
        };
    }

    /// <summary>Each (version, role) over the whole period; a shadow beside the answers its requests got, the comparison a challenger needs.</summary>
    private async Task<IReadOnlyList<VersionPerformance>> ByVersionAsync(ModelVersion checkedVersion, ModelManifest checkedManifest, IReadOnlyList<LabelledPrediction> all,
        IReadOnlyList<string> shown, CancellationToken ct)
    {
        var answered = all.Where(l => l.Role != PredictionRole.Shadow).ToDictionary(l => l.Id, StringComparer.Ordinal);
        var manifests = new Dictionary<int, ModelManifest> { [checkedVersion.Version] = checkedManifest };
        var result = new List<VersionPerformance>();
        foreach (var group in all.GroupBy(l => (l.Version, l.Role)).OrderBy(g => g.Key.Version).ThenBy(g => g.Key.Role))
        {
            var (number, role) = group.Key;
            var manifest = await ManifestAsync(number).ConfigureAwait(false);
            var rows = group.ToList();
            var enough = rows.Count >= MinimumRows;
            var entry = new VersionPerformance(number, role, rows.Count, enough ? Measure(manifest, rows, shown) : null);
            if (role == PredictionRole.Shadow && enough)
            {
                // Answers of other versions are measured with their own manifest (classes, task); the pairs are the rows both scored.
                var pairs = rows.Select(r => r.PrimaryId is { } id && answered.TryGetValue(id, out var a) ? a : null).OfType<LabelledPrediction>().ToList();
                entry = entry with { AnsweredMetrics = pairs.Count >= MinimumRows ? Measure(await ManifestAsync(pairs[0].Version).ConfigureAwait(false), pairs, shown) : null };
            }
            result.Add(entry);
        }
        return result;

        async Task<ModelManifest> ManifestAsync(int number)
        {
            if (manifests.TryGetValue(number, out var known)) return known;
            var registered = await registry.GetVersionAsync(checkedVersion.Name, number, ct).ConfigureAwait(false);
            return manifests[number] = await ModelPackage.ReadManifestAsync(artifacts.Resolve(registered.PackagePath), ct).ConfigureAwait(false);
        }
    }

    /// <summary>A performance gate: a metric compared with a number ("auc &gt;= 0.78", "rmse &lt;= 4.5").</summary>
    public static QualityGate ParseGate(string text)
    {
        var gate = QualityGate.Parse(text);
        if (gate.Metric is null || gate.Column is not null || gate.Threshold is null)
            throw new MLCycleException(ErrorKind.BadSpec, $"Performance gate '{NameRules.Show(text)}': expected a metric compared with a number, such as 'auc >= 0.78' or 'rmse <= 4.5'.");
        return gate;
    }

    private static IReadOnlyList<string> Shown(TaskKind task, string? gateMetric)
    {
        IReadOnlyList<string> headline = task switch
        {
            TaskKind.Binary => ["roc_auc", "accuracy", "f1", "log_loss"],
            TaskKind.Multiclass => ["accuracy", "f1_macro", "log_loss"],
            _ => ["rmse", "mae"],
        };
        return gateMetric is null || headline.Contains(gateMetric) ? headline : [.. headline, gateMetric];
    }

    private static Dictionary<string, double> Measure(ModelManifest manifest, List<LabelledPrediction> rows, IReadOnlyList<string> shown)
    {
        var predictions = rows.Select(r => JsonSerializer.Deserialize<Prediction>(r.OutputJson, OutputJson)!).ToList();
        var result = manifest.Task == TaskKind.Regression
            ? ModelEvaluator.Evaluate(rows.Select(r => r.Value ?? double.NaN).ToList(), predictions)
            : ModelEvaluator.Evaluate(manifest.Task, rows.Select(r => r.Label).ToList(), predictions, manifest.Classes);
        // Every metric the suite gives is kept for the gate; the report shows the headline ones.
        return result.Metrics.Where(m => shown.Contains(m.Key)).ToDictionary();
    }
}
