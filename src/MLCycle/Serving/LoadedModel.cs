using System.Text.Json;
using MLCycle.Data;
using MLCycle.Evaluation.Explanations;
using MLCycle.Preparation;
using MLCycle.Registry;
using MLCycle.Tracking;

namespace MLCycle.Serving;

/// <summary>A verified model package in memory, ready to validate input, predict and explain, safe to call from many threads:
/// a <see cref="ScoringModel"/> (MLCycle.Scoring) with explanations and loading by registered version on top.</summary>
public sealed class LoadedModel : IDisposable
{
    private readonly ScoringModel _scoring;
    private readonly ModelExplainer? _explainer;
    private readonly string _shown;

    private LoadedModel(ScoringModel scoring, ExplanationBasis? basis, string shown)
    {
        _scoring = scoring;
        _shown = shown;
        _explainer = basis is null ? null
            : new ModelExplainer(scoring.Context, scoring.Model, scoring.InputSchema, scoring.Manifest, basis, scoring.IsComposite, scoring.Engines, shown);
    }

    /// <summary>The verified manifest of the loaded package.</summary>
    public ModelManifest Manifest => _scoring.Manifest;

    /// <summary>The scoring model underneath (the bench's tree walk times its trees without the rest of scoring).</summary>
    internal ScoringModel Scoring => _scoring;

    /// <summary>Loads a package folder after checking every file's SHA-256 against its manifest; a mismatch or missing file is
    /// refused as <see cref="ErrorKind.Tampered"/>. Errors name the folder; registered models load by version instead.</summary>
    public static async Task<LoadedModel> LoadAsync(string packageDirectory, CancellationToken ct = default)
    {
        var scoring = await ScoringModel.LoadAsync(packageDirectory, null, ct).ConfigureAwait(false);
        return Create(Path.GetFullPath(packageDirectory), scoring, $"Model package '{packageDirectory}'");
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
        if (version.PackageSha256 is { } registered) await ScoringModel.CheckPackageHashAsync(root, registered, shown, "the hash registered for it", ct).ConfigureAwait(false);
        ModelManifest manifest;
        try
        {
            manifest = await ModelPackage.ReadManifestAsync(root, ct).ConfigureAwait(false);
        }
        catch (MLCycleException e)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: its {ModelPackage.ManifestFile} is missing or not a valid manifest; refusing it.", e);
        }
        return Create(root, ScoringModel.Create(root, manifest, shown), shown);
    }

    // The scoring model is disposed when its explanations cannot be set up, so a refused package leaves no engines behind.
    private static LoadedModel Create(string root, ScoringModel scoring, string shown)
    {
        try
        {
            return new LoadedModel(scoring, LoadBasis(root, scoring.Manifest, shown), shown);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            scoring.Dispose();
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: the inputs in {ModelPackage.ManifestFile} do not match what {ModelPackage.ModelFile} expects: {e.Message}", e);
        }
        catch
        {
            scoring.Dispose();
            throw;
        }
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

    /// <summary>
    /// Scores JSON rows (the HTTP path): each row maps column name to value. Null is accepted for every input (the
    /// chain imputes numbers; categoricals have a missing category); a row with errors gets a null prediction.
    /// </summary>
    public ScoringResult Score(IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, int explain = 0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        CheckExplain(explain);
        return _scoring.Score(rows, explain == 0 ? null
            : (predictions, features) => Explain(predictions, features, explain, (r, i) => rows[r].TryGetValue(Manifest.Inputs[i].Name, out var v) ? Show(v) : null));
    }

    /// <summary>
    /// Scores a table (the batch path); columns may be typed or raw text, parsed per the manifest's kinds with the
    /// same validation as JSON. A target column, as in a labelled file, is ignored without a warning.
    /// </summary>
    public ScoringResult Score(Table table, int explain = 0)
    {
        ArgumentNullException.ThrowIfNull(table);
        CheckExplain(explain);
        return _scoring.Score(table, explain == 0 ? null
            : (predictions, features) => Explain(predictions, features, explain, (r, i) => table.Contains(Manifest.Inputs[i].Name) ? table[Manifest.Inputs[i].Name].Format(r) : null));
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
    private void Explain(ScoredPredictions predictions, FeatureRow?[] features, int k, Func<int, int, string?> valueOf)
    {
        for (var r = 0; r < predictions.Count; r++)
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

    /// <summary>Releases the explainer and the pooled prediction engines.</summary>
    public void Dispose()
    {
        _explainer?.Dispose();
        _scoring.Dispose();
    }
}
