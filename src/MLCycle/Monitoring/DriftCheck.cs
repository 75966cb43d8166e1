using System.Globalization;
using MLCycle.Data;
using MLCycle.Registry;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Monitoring;

/// <summary>
/// Compares new data, or the requests a server logged, with a registered model's training reference: feature drift
/// and prediction drift, at the PSI threshold the model's spec asked for unless the caller overrides it.
/// </summary>
public sealed class DriftCheck(MLCycleStore store)
{
    public const double DefaultPsi = 0.2;

    public async Task<MonitorReport> CheckFileAsync(string modelReference, string dataPath, double? psi = null, CancellationToken ct = default)
    {
        var (version, model) = await LoadAsync(modelReference, ct);
        using (model)
        {
            // Read with the kinds the model was trained on, so "0"/"1" categories stay categories.
            var types = model.Manifest.Inputs.ToDictionary(i => i.Name, i => i.Kind);
            var schema = await new TableReader().InferSchemaAsync(dataPath, null, ct);
            var present = schema.Select(c => c.Name).ToHashSet();
            var table = await new TableReader().ReadAsync(dataPath, new TableReadOptions { Types = types.Where(t => present.Contains(t.Key)).ToDictionary() }, ct);
            return await CompareAsync(version, model, table, Path.GetFullPath(dataPath), psi, ct);
        }
    }

    public async Task<MonitorReport> CheckLoggedAsync(string modelReference, DateTimeOffset? since = null, double? psi = null, CancellationToken ct = default)
    {
        var (version, model) = await LoadAsync(modelReference, ct);
        using (model)
        {
            var entries = await store.Predictions.ReadAsync(version.Name, since, int.MaxValue, ct);
            var mine = entries.Where(e => e.Version == version.Version).ToList();
            if (mine.Count == 0)
                throw new MLCycleException($"No logged requests for {version.Name}:{version.Version}{(since is null ? "" : $" since {since:O}")}; serve the model and send requests first.");
            var table = LoggedRequestTable.Build(model.Manifest, mine);
            var source = $"{mine.Count} logged request rows{(since is null ? "" : $" since {since.Value.ToString("O", CultureInfo.InvariantCulture)}")}";
            return await CompareAsync(version, model, table, source, psi, ct);
        }
    }

    private async Task<MonitorReport> CompareAsync(ModelVersion version, LoadedModel model, Table table, string source, double? psi, CancellationToken ct)
    {
        var scored = model.Score(table);
        var predictions = scored.Predictions.Where(p => p is not null).Select(p => p!).ToList();
        var threshold = psi ?? await SpecThresholdAsync(model.Manifest, ct);
        var drift = DriftDetector.Detect(model.Manifest, table, predictions, new DriftOptions { PsiThreshold = threshold });
        var rejected = scored.Errors.Select(e => e.Row).Distinct().LongCount();
        return new MonitorReport(version.Name, version.Version, source, table.RowCount, rejected, drift);
    }

    private async Task<double> SpecThresholdAsync(ModelManifest manifest, CancellationToken ct)
    {
        if (manifest.RunId is null) return DefaultPsi;
        var run = await store.Tracking.GetRunAsync(manifest.RunId, ct);
        return run.Params.TryGetValue("monitor.psi", out var text) && double.TryParse(text, CultureInfo.InvariantCulture, out var v) ? v : DefaultPsi;
    }

    private async Task<(ModelVersion, LoadedModel)> LoadAsync(string reference, CancellationToken ct)
    {
        var version = await store.Registry.ResolveAsync(ModelReference.Parse(reference), ct);
        return (version, LoadedModel.Load(version, store.Artifacts));
    }
}
