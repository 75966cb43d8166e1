using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;
using MLCycle.Registry;
using MLCycle.Tracking;
using MLCycle.Training;

namespace MLCycle.Serving;

/// <summary>
/// Exports a registered version (or a package folder) as an ONNX file plus a JSON sidecar describing its inputs and outputs,
/// so an app can score it with ONNX Runtime alone. Only single ML.NET models convert: ensembles and the mlp are refused.
/// </summary>
public sealed class OnnxExporter(IModelRegistry registry, ArtifactStore artifacts)
{
    /// <summary>The sidecar's name beside <c>model.onnx</c>: <c>model.onnx.json</c>.</summary>
    public static string SidecarPath(string onnxPath) => onnxPath + ".json";

    /// <summary>Exports "name", "name:3" or "name@alias" to <paramref name="outputPath"/> after checking the package against its
    /// registered hash; an existing file is replaced only with <paramref name="force"/>.</summary>
    public async Task<OnnxModelDescription> ExportAsync(string modelReference, string outputPath, bool force = false, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelReference);
        var target = CheckTarget(outputPath, force);
        var version = await registry.ResolveAsync(ModelReference.Parse(modelReference), ct).ConfigureAwait(false);
        ModelManifest manifest;
        using (var verified = await LoadedModel.LoadAsync(version, artifacts, ct).ConfigureAwait(false)) manifest = verified.Manifest;
        var shown = $"Model '{version.Name}' version {version.Version}";
        return Export(artifacts.Resolve(version.PackagePath), manifest, shown, version.Version, target, force);
    }

    /// <summary>Exports a package folder (hash-checked against its manifest) to <paramref name="outputPath"/>.</summary>
    public static async Task<OnnxModelDescription> ExportPackageAsync(string packageDirectory, string outputPath, bool force = false, CancellationToken ct = default)
    {
        var target = CheckTarget(outputPath, force);
        ModelManifest manifest;
        using (var verified = await LoadedModel.LoadAsync(packageDirectory, ct).ConfigureAwait(false)) manifest = verified.Manifest;
        return Export(Path.GetFullPath(packageDirectory), manifest, $"Model package '{packageDirectory}'", null, target, force);
    }

    private static OnnxModelDescription Export(string root, ModelManifest manifest, string shown, int? version, string target, bool force)
    {
        Refuse(manifest, shown);
        var ml = new MLContext(seed: 1);
        TreatmentChain.Register(ml);
        ITransformer model;
        // The package was verified just before; loading it again gives a transformer of our own to convert.
        using (var stream = File.OpenRead(Path.Combine(root, ModelPackage.ModelFile))) model = ml.Model.Load(stream, out _);
        var layout = new FeatureLayout(manifest.Inputs);
        var sample = ml.Data.LoadFromEnumerable([EmptyRow(layout)], layout.CreateSchema());
        var outputs = OutputColumns(manifest.Task);
        var description = Describe(manifest, layout, version, outputs);
        WriteAtomically(target, force, stream => Convert(ml, model, sample, outputs, stream, shown));
        WriteAtomically(SidecarPath(target), force, stream => JsonSerializer.Serialize(stream, description, ModelPackageJson.Options));
        return description;
    }

    private static void Refuse(ModelManifest manifest, string shown)
    {
        if (manifest.Ensemble is { } members)
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"{shown} is an ensemble of {string.Join(", ", members.Select(m => m.Algorithm))}; ONNX export takes a single model, since MLCycle blends the members' outputs itself. Export a member's own version instead.");
        }
        if (manifest.Algorithm == "mlp" || manifest.Files.ContainsKey(ModelPackage.NetworkFile))
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"{shown} is an mlp: its network is MLCycle's own, not an ML.NET trainer, so the ONNX converter cannot express it. Train it with lightgbm, fasttree or a linear algorithm to export it.");
        }
    }

    private static void Convert(MLContext ml, ITransformer model, IDataView sample, string[] outputs, Stream stream, string shown)
    {
        var onnx = new MemoryStream();
        try
        {
            ml.Model.ConvertToOnnx(model, sample, onnx, outputs);
        }
        // The converter says "not supported" with several exception types; name the stage it stopped at.
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException or NotImplementedException)
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"{shown} cannot be exported to ONNX: the ML.NET converter failed ({e.Message}). Its stages are: {string.Join(" -> ", Stages(model).Select(StageName))}.", e);
        }
        // A stage the converter cannot express is left out without an error, leaving a value that nothing computes.
        if (OnnxGraphCheck.Undefined(onnx.ToArray()) is [var hole, ..])
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"{shown} cannot be exported to ONNX: the ML.NET converter cannot express {Writer(model, sample.Schema, hole)}, so the graph has no value for '{hole}'. " +
                $"Its stages are: {string.Join(" -> ", Stages(model).Select(StageName))}.");
        }
        onnx.Position = 0;
        onnx.CopyTo(stream);
    }

    // The converter names the n-th rewrite of column C "C{n-1}" ("Categorical0" is the first stage that rewrites Categorical).
    private static string Writer(ITransformer model, DataViewSchema input, string value)
    {
        var column = value.TrimEnd("0123456789".ToCharArray());
        var rewrite = int.TryParse(value[column.Length..], out var n) ? n : 0;
        var writers = new List<ITransformer>();
        var schema = input;
        foreach (var stage in Stages(model))
        {
            var output = stage.GetOutputSchema(schema);
            if (output.Count(c => c.Name == column) > schema.Count(c => c.Name == column)) writers.Add(stage);
            schema = output;
        }
        return writers.Count == 0 ? "a stage of its chain"
            : $"the {StageName(writers[Math.Min(rewrite, writers.Count - 1)])} stage that writes '{column}'";
    }

    private static IEnumerable<ITransformer> Stages(ITransformer model) => model is IEnumerable<ITransformer> chain
        ? chain.SelectMany(Stages)
        : [model];

    private static string StageName(ITransformer stage) => stage.GetType().Name.Split('`')[0];

    private static string[] OutputColumns(TaskKind task) => task switch
    {
        TaskKind.Binary => ["PredictedLabel", "Score", "Probability"],
        TaskKind.Multiclass => ["PredictedLabel", "Score"],
        _ => ["Score"],
    };

    private static OnnxModelDescription Describe(ModelManifest manifest, FeatureLayout layout, int? version, string[] outputs)
    {
        var inputs = new List<OnnxTensor>();
        Add(inputs, nameof(FeatureRow.Numeric), "float32", layout.NumericSlots);
        Add(inputs, nameof(FeatureRow.Categorical), "string", Names(layout, i => i.Kind == ColumnKind.Categorical && i.Categories is not null));
        Add(inputs, nameof(FeatureRow.Hashed), "string", Names(layout, i => i.Kind == ColumnKind.Categorical && i.Categories is null));
        Add(inputs, nameof(FeatureRow.Text), "string", Names(layout, i => i.Kind == ColumnKind.Text));
        return new OnnxModelDescription
        {
            Model = manifest.Name,
            Version = version,
            Task = manifest.Task,
            Algorithm = manifest.Algorithm,
            Inputs = inputs,
            Outputs = outputs.Select(o => new OnnxTensor(OnnxOutputName(o), OutputType(manifest.Task, o))).ToList(),
            Columns = manifest.Inputs,
            Classes = manifest.Classes,
            Threshold = manifest.Task == TaskKind.Binary ? manifest.DecisionThreshold ?? 0.5 : null,
            Encoding =
            [
                "Numeric and Boolean columns: the value as float32 (true = 1, false = 0); a missing value is NaN, which the model imputes.",
                $"DateTime columns: five slots in UTC, {string.Join(", ", FeatureLayout.DateParts)} (day_of_week 0 = Sunday); all NaN when missing.",
                $"Categorical columns: the token \"column=value\"; a missing value is \"column={FeatureEncoder.MissingToken}\". Unseen values are allowed.",
                "Text columns: the text itself; missing is the empty string.",
            ],
        };
    }

    /// <summary>The ONNX graph output the converter names after an ML.NET column.</summary>
    public static string OnnxOutputName(string column) => column + ".output";

    private static string OutputType(TaskKind task, string column) => column switch
    {
        "PredictedLabel" when task == TaskKind.Binary => "bool",
        "PredictedLabel" => "uint32",
        _ => "float32",
    };

    private static void Add(List<OnnxTensor> inputs, string name, string type, IReadOnlyList<string> slots)
    {
        if (slots.Count > 0) inputs.Add(new OnnxTensor(name, type, slots));
    }

    private static List<string> Names(FeatureLayout layout, Func<InputColumn, bool> keep) => layout.Inputs.Where(keep).Select(i => i.Name).ToList();

    private static FeatureRow EmptyRow(FeatureLayout layout)
    {
        var row = layout.CreateRow();
        Array.Fill(row.Categorical, "");
        Array.Fill(row.Hashed, "");
        Array.Fill(row.Text, "");
        return row;
    }

    // A missing folder or an existing file is refused before any work, so a long conversion does not end in that error.
    private static string CheckTarget(string outputPath, bool force)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        var target = Path.GetFullPath(outputPath);
        var folder = Path.GetDirectoryName(target);
        if (Directory.Exists(target)) throw new MLCycleException(ErrorKind.BadSpec, $"Output '{outputPath}' is a folder; expected a file name such as model.onnx.");
        if (folder is null || !Directory.Exists(folder)) throw new MLCycleException(ErrorKind.BadSpec, $"Output folder '{folder ?? outputPath}' does not exist; create it or choose another --output.");
        foreach (var path in new[] { target, SidecarPath(target) })
        {
            if (!force && File.Exists(path)) throw new MLCycleException(ErrorKind.Conflict, $"'{path}' already exists; pass --force to replace it.");
        }
        return target;
    }

    private static void WriteAtomically(string target, bool force, Action<Stream> write)
    {
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        try
        {
            using (var stream = File.Create(temp)) write(stream);
            File.Move(temp, target, overwrite: force);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new MLCycleException(ErrorKind.Unavailable, $"Cannot write '{target}': {e.Message}", e);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
