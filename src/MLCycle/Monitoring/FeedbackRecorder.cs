using System.Globalization;
using MLCycle.Data;
using MLCycle.Registry;
using MLCycle.Tracking;

namespace MLCycle.Monitoring;

/// <summary>Stores the outcomes of served predictions, keyed by prediction id or by the model's key column (<c>monitor.key</c>): checks
/// each against the model's task and classes, keeps the last of repeated ids or keys, and reports ids and keys the log does not know
/// instead of dropping them silently. A key labels the latest answered prediction of that key in each version, made before the outcome
/// arrived: the prediction the outcome is the truth for, and one per version so a challenger that saw the key is measured too.</summary>
public sealed class FeedbackRecorder(IModelRegistry registry, IPredictionLog predictionLog, ArtifactStore artifacts)
{
    /// <summary>The most unknown ids (and, apart, keys) a result lists; the count is always exact.</summary>
    public const int MaxListedUnknownIds = 20;

    public async Task<FeedbackResult> RecordAsync(string modelName, IReadOnlyList<PredictionOutcome> outcomes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(outcomes);
        var arrived = DateTimeOffset.UtcNow;
        var version = await registry.ResolveAsync(ModelReference.ForName(modelName), ct).ConfigureAwait(false);
        var manifest = await ModelPackage.ReadManifestAsync(artifacts.Resolve(version.PackagePath), ct).ConfigureAwait(false);
        Check(version.Name, manifest, outcomes);

        var latest = new Dictionary<string, PredictionOutcome>(StringComparer.Ordinal);
        var latestByKey = new Dictionary<string, PredictionOutcome>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            if (outcome.Key is { } key) latestByKey[key] = outcome;
            else latest[outcome.Id] = outcome;
        }
        var known = await predictionLog.FindIdsAsync(version.Name, latest.Keys.ToList(), ct).ConfigureAwait(false);
        var accepted = latest.Values.Where(o => known.Contains(o.Id)).ToList();
        var unknown = latest.Keys.Where(id => !known.Contains(id)).ToList();
        var keyed = latestByKey.Count == 0 ? [] : await predictionLog.FindByKeysAsync(version.Name, latestByKey.Keys.ToList(), arrived, ct).ConfigureAwait(false);
        var matchedKeys = keyed.Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        var unknownKeys = latestByKey.Keys.Where(k => !matchedKeys.Contains(k)).ToList();
        var labelled = accepted.Concat(keyed.Select(k => latestByKey[k.Key] with { Id = k.Id, Key = null })).ToList();
        await predictionLog.AddOutcomesAsync(version.Name, labelled, ct).ConfigureAwait(false);
        return new FeedbackResult(version.Name, outcomes.Count, accepted.Count + matchedKeys.Count, outcomes.Count - latest.Count - latestByKey.Count,
            unknown.Count + unknownKeys.Count, [.. unknown.Take(MaxListedUnknownIds)])
        {
            KeyColumn = latestByKey.Count > 0 ? manifest.Monitoring?.Key : null,
            UnknownKeys = [.. unknownKeys.Take(MaxListedUnknownIds)],
            Labelled = labelled.Count,
        };
    }

    /// <summary>Records the outcomes in a file (CSV or Parquet): prediction ids in <paramref name="idColumn"/>, or the model's keys in
    /// <paramref name="keyColumn"/> (by default when the file has the model's <c>monitor.key</c> column and no id column), outcomes in
    /// <paramref name="outcomeColumn"/> (default: the model's target column).</summary>
    public async Task<FeedbackResult> RecordFileAsync(string modelName, string path, string idColumn = "id", string? outcomeColumn = null,
        string? keyColumn = null, CancellationToken ct = default)
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
        if (keyColumn is null && !table.Contains(idColumn) && manifest.Monitoring?.Key is { } modelKey && table.Contains(modelKey)) keyColumn = modelKey;
        foreach (var column in new[] { keyColumn ?? idColumn, outcome })
        {
            if (!table.Contains(column))
                throw new MLCycleException(ErrorKind.BadSpec, $"Outcome file '{path}' has no column '{NameRules.Show(column)}'; it has {string.Join(", ", table.Columns.Select(c => $"'{NameRules.Show(c.Name)}'"))}. Name them with --id-column (or --key-column) and --outcome-column.");
        }
        var ids = table[keyColumn ?? idColumn].FormatAll();
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
            outcomes.Add(keyColumn is null
                ? new PredictionOutcome(ids[r] ?? "", regression ? null : values[r], number)
                : new PredictionOutcome("", regression ? null : values[r], number) { Key = ids[r] ?? "" });
        }
        return await RecordAsync(version.Name, outcomes, ct).ConfigureAwait(false);
    }

    // Every problem in the batch is named at once, by its index, so a caller fixes a file in one pass.
    private static void Check(string model, ModelManifest manifest, IReadOnlyList<PredictionOutcome> outcomes)
    {
        var regression = manifest.Task == TaskKind.Regression;
        var classes = manifest.Classes.ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        if (outcomes.Any(o => o.Key is not null) && manifest.Monitoring?.Key is null)
        {
            throw new MLCycleException(ErrorKind.BadData,
                $"Outcomes refused, nothing stored: they name keys, but model '{model}' names no key column, so its predictions were logged without keys. Send outcomes by prediction id, or name the key in the spec (monitor: {{ key: customerID }}) and retrain.");
        }
        for (var i = 0; i < outcomes.Count && problems.Count < 20; i++)
        {
            var o = outcomes[i];
            if (o.Key is { } key && (string.IsNullOrWhiteSpace(key) || key.Length > LoggedRequestTable.MaxKeyLength))
                problems.Add($"outcomes[{i}].key: expected a value of the key column '{NameRules.Show(manifest.Monitoring!.Key)}' (at most {LoggedRequestTable.MaxKeyLength} characters), found '{NameRules.Show(key)}'");
            else if (o.Key is null && (string.IsNullOrWhiteSpace(o.Id) || o.Id.Length > PredictionId.MaxLength))
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
