using System.Text.Json;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Serving;
using MLCycle.Tests.Training;
using MLCycle.Training;

namespace MLCycle.Tests.Serving;

/// <summary>
/// An mlp model trained on pima is packaged as model.zip (the preparation chain) and network.bin (the network), both hashed
/// in the manifest, and a package whose network was edited or dropped is refused.
/// </summary>
public sealed class MlpPackageTests : IClassFixture<MlpPackageTests.Package>
{
    private readonly Package _package;

    public MlpPackageTests(Package package) => _package = package;

    [Fact]
    public async Task Save_mlp_model_lists_the_network_beside_the_chain_with_their_hashes()
    {
        var manifest = await ModelPackage.ReadManifestAsync(_package.Directory);

        Assert.Equal("mlp", manifest.Algorithm);
        Assert.Equal([ModelPackage.ExplanationFile, ModelPackage.ManifestFile, ModelPackage.ModelFile, ModelPackage.NetworkFile], Directory.GetFiles(_package.Directory).Select(Path.GetFileName).Order());
        Assert.Equal(await ModelPackage.HashAsync(Path.Combine(_package.Directory, ModelPackage.NetworkFile)), manifest.Files[ModelPackage.NetworkFile]);
        Assert.Equal(await ModelPackage.HashAsync(Path.Combine(_package.Directory, ModelPackage.ModelFile)), manifest.Files[ModelPackage.ModelFile]);
    }

    [Fact]
    public async Task Score_loaded_mlp_package_one_json_row_gives_what_training_predicted()
    {
        using var model = await LoadedModel.LoadAsync(_package.Directory);
        var test = _package.Outcome.TestSet;
        var expected = _package.Outcome.ModelCandidate.TestPredictions[0];
        // A missing value travels as JSON null, which the chain imputes as it did in training.
        var row = model.Manifest.Inputs.ToDictionary(i => i.Name, i => test[i.Name].Numbers![0] is var v && double.IsNaN(v)
            ? JsonSerializer.SerializeToElement<double?>(null) : JsonSerializer.SerializeToElement(v));

        var scored = Assert.Single(model.Score([row]).Predictions)!;

        Assert.Equal(expected.Label, scored.Label);
        Assert.Equal(expected.Probabilities!["pos"], scored.Probabilities!["pos"], 6);
    }

    [Fact]
    public async Task Loaded_mlp_package_reads_its_chain_back_writing_the_features_mlnet_writes()
    {
        using var model = await ScoringModel.LoadAsync(_package.Directory);
        var preparation = Assert.IsType<NetworkEnginePool>(model.Engines).Preparation;
        Assert.NotNull(preparation);
        // The package's chain is the preparation alone (the network is network.bin): ML.NET's engine over it writes the features.
        using var chain = model.Context.Model.CreatePredictionEngine<FeatureRow, NetworkEnginePool.FeaturesOutput>(model.Model,
            ignoreMissingColumns: true, inputSchemaDefinition: model.InputSchema);
        var rows = EncodedRows.Of(model, _package.Outcome.TestSet);

        Assert.Contains(rows, r => r!.Numeric.Any(float.IsNaN));
        foreach (var row in rows)
        {
            var expected = new float[chain.Predict(row!).Features.Length];
            chain.Predict(row!).CopyTo(expected);
            var written = new float[expected.Length];
            Assert.True(preparation.TryWrite(row!, written));
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), written.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public async Task Load_edited_network_is_refused_as_tampered_naming_the_file()
    {
        var copy = _package.Copy();
        var path = Path.Combine(copy, ModelPackage.NetworkFile);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var error = await Assert.ThrowsAsync<MLCycleException>(() => LoadedModel.LoadAsync(copy));

        Assert.Equal(ErrorKind.Tampered, error.Kind);
        Assert.Contains("'network.bin'", error.Message);
        Assert.Contains("tampered", error.Message);
    }

    [Fact]
    public async Task Load_mlp_package_whose_manifest_drops_the_network_is_refused()
    {
        var copy = _package.Copy();
        var manifest = await ModelPackage.ReadManifestAsync(copy);
        var files = manifest.Files.Where(f => f.Key != ModelPackage.NetworkFile).ToDictionary(f => f.Key, f => f.Value);
        await File.WriteAllTextAsync(Path.Combine(copy, ModelPackage.ManifestFile), JsonSerializer.Serialize(manifest with { Files = files }, ModelPackageJson.Options));
        File.Delete(Path.Combine(copy, ModelPackage.NetworkFile));

        var error = await Assert.ThrowsAsync<MLCycleException>(() => LoadedModel.LoadAsync(copy));

        Assert.Equal(ErrorKind.Tampered, error.Kind);
        Assert.Contains("lists no network.bin", error.Message);
    }

    [Fact]
    public void Train_mlp_with_sample_weights_is_refused_before_training()
    {
        var data = _package.Data;

        var error = Assert.Throws<MLCycleException>(() => new ModelTrainer().Train(new TrainingRequest
        {
            Data = data, Target = "diabetes", Task = TaskKind.Binary, Algorithms = ["mlp"], Folds = 2, Weights = Enumerable.Repeat(1.0, data.RowCount).ToArray(),
        }));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.StartsWith("Algorithm 'mlp' cannot weigh rows", error.Message);
    }

    /// <summary>The mlp model of pima, trained once for the class and saved in a temporary folder.</summary>
    public sealed class Package : IDisposable
    {
        private readonly string _root = System.IO.Directory.CreateTempSubdirectory("mlcycle-mlp-package-").FullName;

        public Package()
        {
            Data = CsvTables.Load(RepoFiles.Path("tests/data/pima_diabetes.csv"));
            Outcome = new ModelTrainer().Train(new TrainingRequest { Data = Data, Target = "diabetes", Task = TaskKind.Binary, Algorithms = ["mlp"], Folds = 2, Seed = 5 });
            Directory = Path.Combine(_root, "mlp");
            var manifest = Outcome.CreateManifest("pima", new DatasetProfile { Rows = Data.RowCount, Columns = [] }, "run-mlp");
            ModelPackage.SaveAsync(Directory, Outcome.Model, manifest).GetAwaiter().GetResult();
        }

        public Table Data { get; }
        public TrainingOutcome Outcome { get; }
        public string Directory { get; }

        /// <summary>A copy of the package that a test may damage.</summary>
        public string Copy()
        {
            var copy = Path.Combine(_root, "copy-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(copy);
            foreach (var file in System.IO.Directory.GetFiles(Directory)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            return copy;
        }

        public void Dispose() => System.IO.Directory.Delete(_root, recursive: true);
    }
}
