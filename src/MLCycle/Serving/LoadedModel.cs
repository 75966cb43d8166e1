using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Evaluation.Fairness;
using MLCycle.Evaluation.Explanations;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;
using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Tracking;
using MLCycle.Training;
using MLCycle.Training.Neural;

namespace MLCycle.Serving;

/// <summary>A verified model package in memory, ready to validate input and predict, safe to call from many threads.</summary>
public sealed class LoadedModel : IDisposable
{
    // Engines beat Transform over an IDataView for every batch size measured (it pays cursor set-up per call);
    // large batches are split over the cores, one pooled engine per chunk.
    private const int ParallelThreshold = 2048;

    private readonly SchemaDefinition _input;
    private readonly FeatureEncoder _encoder;
    private readonly IReadOnlySet<string>?[] _seen;
    private readonly Func<string, string>? _normalize;
    private readonly NumericRange?[] _ranges;
    private readonly Dictionary<string, int> _inputIndex;
    private readonly EnginePool _engines;
    private readonly ModelExplainer? _explainer;
    private readonly string _shown;

    private LoadedModel(ModelManifest manifest, MLContext ml, ITransformer model, MlpNetwork? network, IReadOnlyList<ITransformer>? members,
        ExplanationBasis? basis, string shown)
    {
        _shown = shown;
        Manifest = manifest;
        var layout = new FeatureLayout(manifest.Inputs);
        _encoder = new FeatureEncoder(layout);
        _input = layout.CreateSchema();
        // With category normalisation the seen set holds normalised levels (and declared sentinels), so " Red" is not reported as unseen.
        var treatments = manifest.Treatments ?? FittedTreatments.None;
        _normalize = treatments.Normalization == CategoryNormalization.None ? null : treatments.Normalize;
        _seen = manifest.Inputs.Select(i => i.Categories is null ? null
            : (IReadOnlySet<string>)i.Categories.Select(treatments.Normalize)
                .Concat(treatments.ForCategory(i.Name)?.Sentinels ?? []).ToHashSet(StringComparer.Ordinal)).ToArray();
        _inputIndex = manifest.Inputs.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        _ranges = [.. manifest.Inputs.Select(i => NumericRange.Trained(manifest.Reference, i))];
        _engines = members is not null
            ? new EnsembleEnginePool(members.Select(m => EnginePool.Create(ml, m, _input, manifest.Task, manifest.Classes, 0.5)).ToList(),
                manifest.Ensemble!.Select(e => e.Weight).ToList(), manifest.Task, manifest.Classes, manifest.DecisionThreshold ?? 0.5)
            : network is null
            ? EnginePool.Create(ml, model, _input, manifest.Task, manifest.Classes, manifest.DecisionThreshold ?? 0.5)
            : new NetworkEnginePool(ml, model, _input, network, manifest.Task, manifest.Classes, manifest.DecisionThreshold ?? 0.5);
        _explainer = basis is null ? null : new ModelExplainer(ml, model, _input, manifest, basis, network is not null || members is not null, _engines, shown);
    }

    /// <summary>The verified manifest of the loaded package.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Loads a package folder after checking every file's SHA-256 against its manifest; a mismatch or missing file is
    /// refused as <see cref="ErrorKind.Tampered"/>. Errors name the folder; registered models load by version instead.</summary>
    public static async Task<LoadedModel> LoadAsync(string packageDirectory, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packageDirectory);
        var root = Path.GetFullPath(packageDirectory);
        if (!Directory.Exists(root)) throw new MLCycleException(ErrorKind.Tampered, $"Model package folder '{packageDirectory}' does not exist.");
        var manifest = await ModelPackage.ReadManifestAsync(root, ct).ConfigureAwait(false);
        return Create(root, manifest, $"Model package '{packageDirectory}'");
    }

    /// <summary>Loads a registered version's package after checking it against the package hash kept in the registry row, so an
    /// edited manifest is refused as surely as an edited model. Errors name the model and version, never a path. A version
    /// registered before packages were hashed (no hash in its row) is checked against its manifest's own hashes only.</summary>
    public static async Task<LoadedModel> LoadAsync(ModelVersion version, ArtifactStore artifacts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(artifacts);
        var shown = $"Model '{version.Name}' version {version.Version}";
        var root = artifacts.Resolve(version.PackagePath);
        if (!Directory.Exists(root)) throw new MLCycleException(ErrorKind.Tampered, $"{shown} has no package in the artifact store; it cannot be served.");
        if (version.PackageSha256 is { } registered
            && !string.Equals(await ModelPackage.HashPackageAsync(root, ct).ConfigureAwait(false), registered, StringComparison.OrdinalIgnoreCase))
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown} does not match the hash registered for it: {await PackageChange.DescribeAsync(root, ct).ConfigureAwait(false)}; refusing it as tampered.");
        }
        ModelManifest manifest;
        try
        {
            manifest = await ModelPackage.ReadManifestAsync(root, ct).ConfigureAwait(false);
        }
        catch (MLCycleException e)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: its {ModelPackage.ManifestFile} is missing or not a valid manifest; refusing it.", e);
        }
        return Create(root, manifest, shown);
    }

    private static LoadedModel Create(string root, ModelManifest manifest, string shown)
    {
        if (!manifest.Files.ContainsKey(ModelPackage.ModelFile))
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: manifest lists no hash for {ModelPackage.ModelFile}; refusing an unverifiable package.");
        }
        foreach (var (name, expected) in manifest.Files) Verify(root, name, expected, shown);
        var ml = new MLContext(seed: 1);
        TreatmentChain.Register(ml);
        var model = LoadZip(ml, root, ModelPackage.ModelFile, shown);
        var network = LoadNetwork(root, manifest, shown);
        var members = LoadMembers(ml, root, manifest, shown);
        var basis = LoadBasis(root, manifest, shown);
        try
        {
            return new LoadedModel(manifest, ml, model, network, members, basis, shown);
        }
        catch (InvalidDataException e)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: {ModelPackage.NetworkFile} does not fit {ModelPackage.ModelFile}: {e.Message}; refusing it.", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: the inputs in {ModelPackage.ManifestFile} do not match what {ModelPackage.ModelFile} expects: {e.Message}", e);
        }
    }

    private static ITransformer LoadZip(MLContext ml, string root, string file, string shown)
    {
        try
        {
            using var stream = File.OpenRead(Path.Combine(root, file));
            return ml.Model.Load(stream, out _);
        }
        // ML.NET reports a corrupt archive with many exception types; every one of them means the same thing here.
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: {file} cannot be loaded by ML.NET ({e.GetType().Name}); refusing it as corrupt.", e);
        }
    }

    // An ensemble's member models, each a file the manifest hashes (so verified above); null for a single model.
    private static IReadOnlyList<ITransformer>? LoadMembers(MLContext ml, string root, ModelManifest manifest, string shown)
    {
        if (manifest.Ensemble is not { } entries) return null;
        if (entries.Count == 0) throw new MLCycleException(ErrorKind.Tampered, $"{shown}: its manifest describes an ensemble without members; refusing it.");
        foreach (var entry in entries)
        {
            if (!manifest.Files.ContainsKey(entry.File))
                throw new MLCycleException(ErrorKind.Tampered, $"{shown}: ensemble member '{entry.File}' ({entry.Algorithm}) has no hash in the manifest; refusing an unverifiable package.");
            if (!(double.IsFinite(entry.Weight) && entry.Weight > 0))
                throw new MLCycleException(ErrorKind.Tampered, $"{shown}: ensemble member '{entry.File}' has weight {entry.Weight}; expected a positive number.");
        }
        return entries.Select(e => LoadZip(ml, root, e.File, shown)).ToList();
    }

    // An mlp package's network, already verified against the manifest's hash; null for a package whose chain ends in a trainer.
    private static MlpNetwork? LoadNetwork(string root, ModelManifest manifest, string shown)
    {
        if (!manifest.Files.ContainsKey(ModelPackage.NetworkFile))
        {
            return manifest.Algorithm == "mlp"
                ? throw new MLCycleException(ErrorKind.Tampered, $"{shown} is an mlp model but its manifest lists no {ModelPackage.NetworkFile}; refusing an incomplete package.")
                : null;
        }
        MlpNetwork network;
        try
        {
            using var stream = File.OpenRead(Path.Combine(root, ModelPackage.NetworkFile));
            network = MlpNetwork.Load(stream);
        }
        catch (MLCycleException e)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: {ModelPackage.NetworkFile} cannot be read ({e.Message}); refusing it as corrupt.", e);
        }
        var outputs = manifest.Task == TaskKind.Multiclass ? manifest.Classes.Count : 1;
        if (network.Task != manifest.Task || network.OutputCount != outputs)
        {
            throw new MLCycleException(ErrorKind.Tampered,
                $"{shown}: {ModelPackage.NetworkFile} is a {TaskName(network.Task)} network with {network.OutputCount} output(s), but the manifest describes {TaskName(manifest.Task)} with {outputs}; refusing it.");
        }
        return network;
    }

    // What explanations need, already verified against the manifest's hash; null for a package written before explanations.
    private static ExplanationBasis? LoadBasis(string root, ModelManifest manifest, string shown)
    {
        if (!manifest.Files.ContainsKey(ModelPackage.ExplanationFile)) return null;
        try
        {
            using var stream = File.OpenRead(Path.Combine(root, ModelPackage.ExplanationFile));
            return JsonSerializer.Deserialize<ExplanationBasis>(stream, ModelPackageJson.Options)
                ?? throw new JsonException("it is empty");
        }
        catch (JsonException e)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: {ModelPackage.ExplanationFile} cannot be read ({e.Message}); refusing it as corrupt.", e);
        }
    }

    private static string TaskName(TaskKind task) => task.ToString().ToLowerInvariant();

    /// <summary>
    /// Scores JSON rows (the HTTP path): each row maps column name to value. Null is accepted for every input (the
    /// chain imputes numbers; categoricals have a missing category); a row with errors gets a null prediction.
    /// </summary>
    public ScoringResult Score(IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, int explain = 0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        CheckExplain(explain);
        var reader = new InputRowReader(_encoder, _seen, _normalize, _ranges);
        var features = new FeatureRow?[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var values = rows[r];
            if (values is null)
            {
                reader.Errors.Add(new InputError(r, "", "expected an object of column values, found null"));
                continue;
            }
            var row = _encoder.Layout.CreateRow();
            var ok = true;
            for (var i = 0; i < Manifest.Inputs.Count; i++)
            {
                if (!values.TryGetValue(Manifest.Inputs[i].Name, out var value))
                {
                    reader.Missing(r, i);
                    ok = false;
                }
                else ok &= reader.SetJson(row, r, i, value);
            }
            foreach (var key in values.Keys)
            {
                if (!_inputIndex.ContainsKey(key) && key != Manifest.GroupThresholds?.Column) reader.Warn(ScoringWarningKind.UnknownColumn, $"row {r}: unknown column '{NameRules.Show(key)}' is ignored");
            }
            features[r] = ok ? row : null;
        }
        var predictions = Predict(features);
        if (Manifest.GroupThresholds is { } groups)
            predictions = ByGroup(predictions, groups, rows.Select(v => v is not null && v.TryGetValue(groups.Column, out var g) ? GroupThresholds.GroupOf(g) : null).ToList());
        if (explain > 0) Explain(predictions, features, explain, (r, i) => rows[r].TryGetValue(Manifest.Inputs[i].Name, out var v) ? Show(v) : null);
        return new ScoringResult(predictions, reader.Errors, reader.Warnings) { WarningKinds = reader.WarningKinds };
    }

    /// <summary>
    /// Scores a table (the batch path); columns may be typed or raw text, parsed per the manifest's kinds with the
    /// same validation as JSON. A target column, as in a labelled file, is ignored without a warning.
    /// </summary>
    public ScoringResult Score(Table table, int explain = 0)
    {
        ArgumentNullException.ThrowIfNull(table);
        CheckExplain(explain);
        var reader = new InputRowReader(_encoder, _seen, _normalize, _ranges);
        var columns = Manifest.Inputs.Select(i => table.Contains(i.Name) ? table[i.Name] : null).ToArray();
        foreach (var unknown in table.Columns.Where(c => !_inputIndex.ContainsKey(c.Name) && c.Name != Manifest.Target && c.Name != Manifest.GroupThresholds?.Column))
            reader.Warn(ScoringWarningKind.UnknownColumn, $"unknown column '{NameRules.Show(unknown.Name)}' is ignored");
        var features = new FeatureRow?[table.RowCount];
        for (var r = 0; r < table.RowCount; r++)
        {
            var row = _encoder.Layout.CreateRow();
            var ok = true;
            for (var i = 0; i < columns.Length; i++)
            {
                var column = columns[i];
                if (column is null)
                {
                    reader.Missing(r, i);
                    ok = false;
                }
                else if (column.Numbers is { } numbers && TableColumn.StoresNumbers(Manifest.Inputs[i].Kind)) reader.SetNumber(row, r, i, numbers[r]);
                else ok &= reader.SetText(row, r, i, column.Format(r));
            }
            features[r] = ok ? row : null;
        }
        var predictions = Predict(features);
        if (Manifest.GroupThresholds is { } groups)
            predictions = ByGroup(predictions, groups, table.Contains(groups.Column) ? table[groups.Column].FormatAll() : new string?[table.RowCount]);
        if (explain > 0) Explain(predictions, features, explain, (r, i) => columns[i]?.Format(r));
        return new ScoringResult(predictions, reader.Errors, reader.Warnings) { WarningKinds = reader.WarningKinds };
    }

    /// <summary>Whether this package can explain its predictions (packages written before explanations cannot).</summary>
    public bool CanExplain => _explainer is not null;

    // Bad K is the caller's mistake (400); a package without explain.json is a conflict with what was asked (409).
    private void CheckExplain(int explain)
    {
        if (explain == 0) return;
        if (explain < 0 || explain > Manifest.Inputs.Count)
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"explain must be between 1 and {Manifest.Inputs.Count} (the model's input columns); found {explain}.");
        }
        if (_explainer is null)
        {
            throw new MLCycleException(ErrorKind.Conflict,
                $"{_shown} was packaged before explanations ({ModelPackage.ExplanationFile} is missing); retrain it to explain its predictions.");
        }
    }

    // Replaces each prediction with one that carries its k largest contributions, named by input column with the row's value.
    private void Explain(Prediction?[] predictions, FeatureRow?[] features, int k, Func<int, int, string?> valueOf)
    {
        for (var r = 0; r < predictions.Length; r++)
        {
            if (predictions[r] is not { } prediction || features[r] is not { } row) continue;
            var explanation = _explainer!.Explain(row, prediction);
            var top = Enumerable.Range(0, explanation.Contributions.Count)
                .OrderByDescending(i => Math.Abs(explanation.Contributions[i])).ThenBy(i => i).Take(k)
                .Select(i => new ColumnContribution(Manifest.Inputs[i].Name, valueOf(r, i), explanation.Contributions[i])).ToArray();
            predictions[r] = prediction with
            {
                Explanation = new PredictionExplanation(explanation.Base, explanation.Scale, explanation.Method, explanation.Samples, top),
            };
        }
    }

    private static string? Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };

    // Per-group thresholds replace the global one row by row; a row without the group column, or of a group training did not
    // give a threshold, keeps the global threshold's decision.
    private Prediction?[] ByGroup(Prediction?[] predictions, GroupThresholds groups, IReadOnlyList<string?> values) =>
        groups.Apply(predictions, values, Manifest.Classes).ToArray();

    private Prediction?[] Predict(FeatureRow?[] rows)
    {
        var result = new Prediction?[rows.Length];
        if (rows.Length < ParallelThreshold)
        {
            _engines.Predict(rows, result, 0, rows.Length);
            return result;
        }
        var chunk = (rows.Length + Environment.ProcessorCount - 1) / Environment.ProcessorCount;
        Parallel.For(0, (rows.Length + chunk - 1) / chunk, c => _engines.Predict(rows, result, c * chunk, Math.Min(rows.Length, (c + 1) * chunk)));
        return result;
    }

    /// <summary>Releases the pooled prediction engines.</summary>
    public void Dispose()
    {
        _explainer?.Dispose();
        _engines.Dispose();
    }

    private static void Verify(string root, string name, string expected, string shown)
    {
        var path = Path.GetFullPath(Path.Combine(root, name));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: manifest names file '{name}' outside the package; refusing it.");
        }
        if (!File.Exists(path)) throw new MLCycleException(ErrorKind.Tampered, $"{shown} is missing '{name}', which its manifest lists; refusing it as tampered.");
        using var stream = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: '{name}' has SHA-256 {actual} but the manifest says {expected}; refusing it as tampered.");
        }
    }
}
