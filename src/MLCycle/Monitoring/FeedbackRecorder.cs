using System.Globalization;
using MLCycle.Data;
using MLCycle.Registry;
using MLCycle.Tracking;

namespace MLCycle.Monitoring;

/// <summary>Stores the outcomes of served predictions, keyed by prediction id: checks each against the model's task and classes,
/// keeps the last of repeated ids, and reports ids the log does not know instead of dropping them silently.</summary>
public sealed class FeedbackRecorder(IModelRegistry registry, IPredictionLog predictionLog, ArtifactStore artifacts)
{
    /// <summary>The most unknown ids a result lists; the count is always exact.</summary>
    public const int MaxListedUnknownIds = 20;

    public async Task<FeedbackResult> RecordAsync(string modelName, IReadOnlyList<PredictionOutcome> outcomes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(outcomes);
        var version = await registry.ResolveAsync(ModelReference.ForName(modelName), ct).ConfigureAwait(false);
        var manifest = await ModelPackage.ReadManifestAsync(artifacts.Resolve(version.PackagePath), ct).ConfigureAwait(false);
        Check(version.Name, manifest, outcomes);

        var latest = new Dictionary<string, PredictionOutcome>(StringComparer.Ordinal);
        foreach (var outcome in outcomes) latest[outcome.Id] = outcome;
        var known = await predictionLog.FindIdsAsync(version.Name, latest.Keys.ToList(), ct).ConfigureAwait(false);
        var accepted = latest.Values.Where(o => known.Contains(o.Id)).ToList();
        var unknown = latest.Keys.Where(id => !known.Contains(id)).ToList();
        await predictionLog.AddOutcomesAsync(version.Name, accepted, ct).ConfigureAwait(false);
        return new FeedbackResult(version.Name, outcomes.Count, accepted.Count, outcomes.Count - latest.Count, unknown.Count, [.. unknown.Take(MaxListedUnknownIds)]);
    }

    /// <summary>Records the outcomes in a file (CSV or Parquet): prediction ids in <paramref name="idColumn"/>, outcomes in
    /// <paramref name="outcomeColumn"/> (default: the model's target column).</summary>
    public async Task<FeedbackResult> RecordFileAsync(string modelName, string path, string idColumn = "id", string? outcomeColumn = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(idColumn);
        if (!File.Exists(path)) throw new MLCycleException(ErrorKind.BadSpec, $"Outcome file '{path}' does not exist.");
        var version = await registry.ResolveAsync(ModelReference.ForName(modelName), ct).ConfigureAwait(false);
        var manifest = await ModelPackage.ReadManifestAsync(artifacts.Resolve(version.PackagePath), ct).ConfigureAwait(false);
        var outcome = outcomeColumn ?? manifest.Target;
        // Read as text: ids and labels are compared as the server wrote them, and numbers are parsed here with the row named.
        var table = await new TableReader().ReadAsync(path, new TableReadOptions { AllText = true }, ct).ConfigureAwait(false);
        foreach (var column in new[] { idColumn, outcome })
        {
            if (!table.Contains(column))
                throw new MLCycleException(ErrorKind.BadSpec, $"Outcome file '{path}' has no column '{NameRules.Show(column)}'; it has {string.Join(", ", table.Columns.Select(c => $"'{NameRules.Show(c.Name)}'"))}. Name them with --id-column and --outcome-column.");
        }
        var ids = table[idColumn].FormatAll();
        var values = table[outcome].FormatAll();
        var regression = manifest.Task == TaskKind.Regression;
        var outcomes = new List<PredictionOutcome>(table.RowCount);
        for (var r = 0; r < table.RowCount; r++)
        {
            double? number = null;
            if (regression && values[r] is { } text)
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                    throw new MLCycleException(ErrorKind.BadData, $"Outcome file '{path}' row {r + 1}, column '{NameRules.Show(outcome)}': expected a number, found '{NameRules.Show(text)}'.");
                number = parsed;
            }
            outcomes.Add(new PredictionOutcome(ids[r] ?? "", regression ? null : values[r], number));
        }
        return await RecordAsync(version.Name, outcomes, ct).ConfigureAwait(false);
    }

    // Every problem in the batch is named at once, by its index, so a caller fixes a file in one pass.
    private static void Check(string model, ModelManifest manifest, IReadOnlyList<PredictionOutcome> outcomes)
    {
        var regression = manifest.Task == TaskKind.Regression;
        var classes = manifest.Classes.ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        for (var i = 0; i < outcomes.Count && problems.Count < 20; i++)
        {
            var o = outcomes[i];
            if (string.IsNullOrWhiteSpace(o.Id) || o.Id.Length > PredictionId.MaxLength)
                problems.Add($"outcomes[{i}].id: expected a prediction id as returned with the prediction (at most {PredictionId.MaxLength} characters), found '{NameRules.Show(o.Id)}'");
            else if (regression && (o.Value is not { } v || !double.IsFinite(v)))
                problems.Add($"outcomes[{i}].value: model '{model}' is a regression, so each outcome needs a finite number 'value'");
            else if (!regression && o.Label is null)
                problems.Add($"outcomes[{i}].label: model '{model}' is a classifier, so each outcome needs a 'label' ({string.Join(", ", manifest.Classes)})");
            else if (!regression && classes.Count > 0 && !classes.Contains(o.Label!))
                problems.Add($"outcomes[{i}].label: '{NameRules.Show(o.Label)}' is not a class of model '{model}' ({string.Join(", ", manifest.Classes)})");
        }
        if (problems.Count > 0)
            throw new MLCycleException(ErrorKind.BadData, $"Outcomes refused, nothing stored: {string.Join("; ", problems)}.");
    }
}
