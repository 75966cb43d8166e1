using MLCycle.Serving;
using MLCycle.Tests.Training.Ensembles;

namespace MLCycle.Tests.Serving;

/// <summary>Models the ONNX converter cannot express, and output paths that cannot be written, get a clear error and no file.</summary>
public sealed class OnnxExportRefusalTests(EnsembleTrainingTests.AmesEnsemble ensemble, MlpPackageTests.Package mlp, TreatedPenguinsFixture treated, OnnxModelsFixture models)
    : IClassFixture<EnsembleTrainingTests.AmesEnsemble>, IClassFixture<MlpPackageTests.Package>, IClassFixture<TreatedPenguinsFixture>, IClassFixture<OnnxModelsFixture>
{
    [Fact]
    public async Task ExportPackage_ensemble_is_refused_naming_its_members()
    {
        var path = Target();

        var error = await Assert.ThrowsAsync<MLCycleException>(() => OnnxExporter.ExportPackageAsync(ensemble.Directory, path));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("is an ensemble of", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task ExportPackage_mlp_is_refused_saying_the_network_is_not_mlnet()
    {
        var path = Target();

        var error = await Assert.ThrowsAsync<MLCycleException>(() => OnnxExporter.ExportPackageAsync(mlp.Directory, path));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("is an mlp", error.Message);
        Assert.Contains("not an ML.NET trainer", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task ExportPackage_chain_with_a_stage_the_converter_rejects_names_that_stage()
    {
        var path = Target();

        var error = await Assert.ThrowsAsync<MLCycleException>(() => OnnxExporter.ExportPackageAsync(treated.Directory, path));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        // The converter leaves the category map out without an error; the graph check finds the hole it leaves.
        Assert.Contains("cannot be exported to ONNX: the ML.NET converter cannot express the ValueMappingTransformer stage that writes 'Categorical'", error.Message);
        Assert.Contains("CustomMappingTransformer -> ValueMappingTransformer", error.Message);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, ".*tmp-*"));
    }

    [Fact]
    public async Task ExportPackage_existing_output_without_force_is_a_conflict_and_keeps_the_file()
    {
        var path = Target();
        await File.WriteAllTextAsync(path, "keep me");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => OnnxExporter.ExportPackageAsync(models["binary-linear"].Directory, path));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("pass --force", error.Message);
        Assert.Equal("keep me", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task ExportPackage_existing_output_with_force_is_replaced_with_the_sidecar_beside_it()
    {
        var path = Target();
        await File.WriteAllTextAsync(path, "old");

        var description = await OnnxExporter.ExportPackageAsync(models["binary-linear"].Directory, path, force: true);

        Assert.True(new FileInfo(path).Length > 100);
        Assert.Contains("\"threshold\"", await File.ReadAllTextAsync(OnnxExporter.SidecarPath(path)));
        Assert.Equal(["Categorical", "Numeric"], description.Inputs.Select(i => i.Name).Order());
    }

    [Fact]
    public async Task ExportPackage_missing_output_folder_is_refused_naming_it()
    {
        var path = Path.Combine(models.Root, "no-such-folder", "model.onnx");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => OnnxExporter.ExportPackageAsync(models["binary-linear"].Directory, path));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("no-such-folder' does not exist", error.Message);
    }

    private string Target()
    {
        var folder = Path.Combine(models.Root, "out-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, "model.onnx");
    }
}
