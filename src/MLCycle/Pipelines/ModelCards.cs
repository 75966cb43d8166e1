using System.Text.Json;
using MLCycle.Evaluation;
using MLCycle.Monitoring;
using MLCycle.Registry;
using MLCycle.Reports;
using MLCycle.Tracking;

namespace MLCycle.Pipelines;

/// <summary>
/// Builds a version's <see cref="ModelCard"/>: at registration from the run (and stored beside the package as
/// <see cref="JsonFile"/>, Markdown and HTML), and later for any version, with the alias history read fresh so the card shows
/// every promotion with who and why. A version registered before cards existed gets one from its manifest, naming what is missing.
/// </summary>
public sealed class ModelCards(IModelRegistry registry, ArtifactStore artifacts)
{
    public const string JsonFile = "model_card.json";
    public const string MarkdownFile = "model_card.md";
    public const string HtmlFile = "model_card.html";

    /// <summary>
    /// Where monitoring's drift checks are recorded (<see cref="DriftHistory"/>); with it, the card's drift limitation says what
    /// monitoring found for the version instead of guessing from importance. Null keeps the importance-based sentence.
    /// </summary>
    public ITrackingStore? Tracking { get; init; }

    /// <summary>The cards of a store's versions with monitoring's drift record: the one way the CLI's <c>models card</c> and the
    /// server's card routes build a card, so both say the same.</summary>
    public static ModelCards For(Storage.MLCycleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new ModelCards(store.Registry, store.Artifacts) { Tracking = store.Tracking };
    }

    /// <summary>The start of the drift limitation, whichever source it is from.</summary>
    public const string DriftPrefix = "drift-prone";

    /// <summary>How many of the most important inputs the card names as the ones to watch for drift.</summary>
    private const int ImportantFeatures = 3;

    /// <summary>The card of a run's new version at registration; <paramref name="actor"/> is who registers it.</summary>
    public static ModelCard FromRun(PipelineSpec spec, RunSummary summary, ModelManifest manifest, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(manifest);
        var card = FromManifest(manifest, summary.ModelVersion) with
        {
            DataFingerprint = manifest.Reference.Fingerprint ?? summary.DataFingerprint,
            Slices = summary.TestSlices,
            Importance = summary.Importance,
            Gates = summary.Gates,
            LearningCurve = summary.LearningCurve,
            Decision = $"{(summary.Promotion.Promoted ? "promoted to champion" : $"registered as {summary.Promotion.Alias}")}: {summary.Promotion.Reason}",
            Significance = summary.Promotion.Significance?.ToString(),
            History = [new AliasChange(spec.Name, summary.Promotion.Alias, summary.Promotion.Promoted ? summary.Promotion.ChampionVersion : null,
                summary.ModelVersion, actor, summary.Promotion.Reason, now)],
            Missing = spec.Problem is null ? ["the problem statement: add a `problem:` section (goal, users, constraints, metric, why) to the spec"] : [],
        };
        return card with { Limitations = Limitations(card, spec.Evaluate.Gates) };
    }

    /// <summary>The card of a registered version (<c>churn:3</c>, <c>churn@champion</c>).</summary>
    public async Task<ModelCard> BuildAsync(string reference, CancellationToken ct = default)
    {
        var version = await registry.ResolveAsync(ModelReference.Parse(reference), ct);
        var history = (await registry.GetAliasHistoryAsync(version.Name, ct))
            .Where(h => h.ToVersion == version.Version || h.FromVersion == version.Version).OrderBy(h => h.Time).ToList();
        var stored = artifacts.Resolve(version.RunId, JsonFile);
        if (File.Exists(stored))
        {
            await using var stream = File.OpenRead(stored);
            var card = await JsonSerializer.DeserializeAsync<ModelCard>(stream, ModelPackageJson.Options, ct)
                ?? throw new MLCycleException(ErrorKind.Tampered, $"The model card of '{version.Name}' version {version.Version} is empty.");
            return await WithDriftAsync(card with { History = history }, ct);
        }
        var manifest = await ModelPackage.ReadManifestAsync(artifacts.Resolve(version.PackagePath), ct);
        var importance = await ReadImportanceAsync(version.RunId, ct);
        var older = FromManifest(manifest, version.Version) with
        {
            CreatedAt = version.CreatedAt,
            Importance = importance ?? [],
            History = history,
            Missing =
            [
                .. manifest.Problem is null ? ["the problem statement: the spec of this version had no `problem:` section"] : Array.Empty<string>(),
                "slices and gate outcomes: this version was registered before model cards were stored with it",
                .. manifest.MetricIntervals is null ? ["metric intervals: not computed for this version"] : Array.Empty<string>(),
                .. importance is null ? ["feature importance: not measured for this version"] : Array.Empty<string>(),
            ],
        };
        return await WithDriftAsync(older with { Limitations = Limitations(older, []) }, ct);
    }

    // Monitoring's record, when there is one for this version, replaces the importance-based guess; the sentence says its source.
    private async Task<ModelCard> WithDriftAsync(ModelCard card, CancellationToken ct)
    {
        if (Tracking is null) return card;
        var checks = await DriftHistory.ReadAsync(Tracking, card.Name, card.Version, ct);
        var rest = card.Limitations.Where(l => !l.StartsWith(DriftPrefix, StringComparison.Ordinal)).ToList();
        if (checks.Count == 0)
        {
            var guessed = card.Limitations.Where(l => l.StartsWith(DriftPrefix, StringComparison.Ordinal))
                .Select(l => $"{l} (from feature importance: monitoring has not checked this version for drift yet)");
            return card with { Limitations = [.. rest, .. guessed] };
        }
        string span = checks.Count == 1 ? $"1 check on {Day(checks[0].Time)}" : $"{checks.Count} checks from {Day(checks[0].Time)} to {Day(checks[^1].Time)}";
        var drifted = checks.SelectMany(c => c.Drifted.Select(d => (c.Time, d.Column, d.Psi))).GroupBy(d => d.Column, StringComparer.Ordinal)
            .Select(g => (Column: g.Key, Times: g.Count(), First: g.Min(d => d.Time), Worst: g.Select(d => d.Psi).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max()))
            .OrderByDescending(d => d.Times).ThenBy(d => d.Column, StringComparer.Ordinal).ToList();
        string found = drifted.Count == 0
            ? $"{DriftPrefix} (from monitoring, {span}): no input drifted past the PSI threshold"
            : $"{DriftPrefix} (from monitoring, {span}): " + string.Join("; ", drifted.Select(d =>
                FormattableString.Invariant($"{d.Column} drifted in {d.Times} of {checks.Count} checks, first on {Day(d.First)}{(double.IsNaN(d.Worst) ? " (absent from the data)" : $", PSI up to {d.Worst:0.###}")}")));
        return card with { Limitations = [.. rest, found] };
    }

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes the card as JSON (read back by <see cref="BuildAsync"/>), Markdown and HTML into <paramref name="folder"/>.</summary>
    public static async Task WriteAsync(ModelCard card, string folder, CancellationToken ct = default)
    {
        await AtomicTextFile.WriteAsync(Path.Combine(folder, JsonFile), JsonSerializer.Serialize(card, ModelPackageJson.Options), ct);
        await ModelCardWriter.WriteAsync(card, Path.Combine(folder, MarkdownFile), Path.Combine(folder, HtmlFile), ct);
    }

    private static ModelCard FromManifest(ModelManifest manifest, int version) => new()
    {
        Name = manifest.Name,
        Version = version,
        Task = manifest.Task,
        Target = manifest.Target,
        Algorithm = manifest.Algorithm,
        RunId = manifest.RunId,
        CreatedAt = manifest.CreatedAt,
        Problem = manifest.Problem,
        DataRows = manifest.Reference.Rows,
        DataColumns = manifest.Reference.Columns.Count,
        DataFingerprint = manifest.Reference.Fingerprint,
        Classes = manifest.Classes,
        DecisionThreshold = manifest.DecisionThreshold,
        Metrics = manifest.Metrics,
        Intervals = manifest.MetricIntervals ?? new Dictionary<string, MetricInterval>(),
        Fairness = manifest.Fairness ?? [],
    };

    private async Task<IReadOnlyList<FeatureImportance>?> ReadImportanceAsync(string runId, CancellationToken ct)
    {
        var path = artifacts.Resolve(runId, PipelineRunner.ImportanceFile);
        if (!File.Exists(path)) return null;
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<List<FeatureImportance>>(stream, ModelPackageJson.Options, ct);
    }

    /// <summary>
    /// What the test rows say the model cannot be trusted with: slices that miss a metric gate, fairness groups too small to
    /// judge, and the inputs it leans on most (drift there moves its predictions most).
    /// </summary>
    internal static IReadOnlyList<string> Limitations(ModelCard card, IReadOnlyList<string> gates)
    {
        var found = new List<string>();
        var parsed = gates.Select(TryParse).OfType<QualityGate>().Where(g => g.Metric is not null && g.Column is null && g.Threshold is not null).ToList();
        foreach (var slice in card.Slices)
        {
            foreach (var gate in parsed)
            {
                // Slices carry scikit-learn names (roc_auc) where a gate may use the older one (auc).
                if (!slice.Metrics.TryGetValue(MLCycle.Metrics.MetricKeys.LegacyAliases.GetValueOrDefault(gate.Metric!, gate.Metric!), out double value) || Passes(gate, value)) continue;
                found.Add(FormattableString.Invariant($"slice {slice.Column} = {slice.Value ?? "(missing)"} ({slice.Rows:N0} rows): {gate.Metric} {value:0.####} misses the gate '{gate.Text}'"));
            }
        }
        foreach (var column in card.Fairness)
        {
            var small = column.Groups.Where(g => g.TooSmall).ToList();
            if (small.Count > 0)
                found.Add($"{column.Column}: group(s) {string.Join(", ", small.Select(g => FormattableString.Invariant($"{g.Group} ({g.Count:N0} rows)")))} too small to judge fairness");
        }
        var leaned = card.Importance.Where(f => f.Mean > 0).Take(ImportantFeatures).ToList();
        if (leaned.Count > 0)
            found.Add($"{DriftPrefix}: the model leans most on {string.Join(", ", leaned.Select(f => FormattableString.Invariant($"{f.Column} ({f.Mean:0.####})")))}; a shift in these moves its predictions most, so watch them in monitoring");
        return found;
    }

    private static QualityGate? TryParse(string text)
    {
        try { return QualityGate.Parse(text); }
        catch (MLCycleException) { return null; }
    }

    private static bool Passes(QualityGate gate, double value) => gate.Operator switch
    {
        GateOperator.GreaterOrEqual => value >= gate.Threshold,
        GateOperator.Greater => value > gate.Threshold,
        GateOperator.LessOrEqual => value <= gate.Threshold,
        GateOperator.Less => value < gate.Threshold,
        GateOperator.Equal => value == gate.Threshold,
        _ => true,
    };
}
