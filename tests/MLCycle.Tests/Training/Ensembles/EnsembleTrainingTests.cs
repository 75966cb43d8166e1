using System.Text.Json;
using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Serving;
using MLCycle.Training;
using MLCycle.Training.Tuning;

namespace MLCycle.Tests.Training.Ensembles;

/// <summary>
/// The ensemble of a search's finalists on real data (a slice of Ames): weights chosen out of fold, packaged as one model that
/// loads and scores as training predicted, and left out when a single learner cannot be beaten.
/// </summary>
public sealed class EnsembleTrainingTests : IClassFixture<EnsembleTrainingTests.AmesEnsemble>
{
    private readonly AmesEnsemble _ames;

    public EnsembleTrainingTests(AmesEnsemble ames) => _ames = ames;

    [Fact]
    public void Train_search_blendsFinalistsIntoOneKeptCandidateOnTheLeaderboard()
    {
        var outcome = _ames.Outcome;

        var trial = outcome.Search!.Trials[^1];
        Assert.Equal(TrainedModel.EnsembleName, trial.Algorithm);
        Assert.Equal(TrainedModel.EnsembleName, outcome.Model.Algorithm);
        var members = outcome.Model.Members!;
        Assert.InRange(members.Count, 2, 3);
        Assert.Equal(1.0, members.Sum(m => m.Weight), 10);
        Assert.Equal(trial.Hyperparameters, members.ToDictionary(m => m.Model.Algorithm, m => m.Weight));
        // Kept because its out-of-fold RMSE beats every single finalist's.
        var singles = outcome.Candidates.Where(c => c.Algorithm is not (TrainedModel.EnsembleName or "baseline"));
        Assert.True(outcome.ModelCandidate.CvMean < singles.Min(c => c.CvMean));
    }

    [Fact]
    public void Train_testTargetsChanged_blendWeightsAndCvStayTheSame()
    {
        // Weights are chosen on out-of-fold predictions of training rows; the test rows' targets cannot move them.
        var data = _ames.Data;
        var (_, testRows) = DataSplitter.Split(data.RowCount, 0.2, AmesEnsemble.Seed);
        var prices = (double[])data["Sale_Price"].Numbers!.Clone();
        foreach (var r in testRows) prices[r] *= 3;
        var changed = new Table(data.Columns.Select(c => c.Name == "Sale_Price" ? SyntheticTables.Numbers("Sale_Price", prices) : c).ToList());

        var outcome = AmesEnsemble.Train(changed);

        var before = _ames.Outcome.Candidates.Single(c => c.Algorithm == TrainedModel.EnsembleName);
        var after = outcome.Candidates.Single(c => c.Algorithm == TrainedModel.EnsembleName);
        Assert.Equal(before.Hyperparameters, after.Hyperparameters);
        Assert.Equal(before.CvMean, after.CvMean);
        Assert.True(after.Test["rmse"] > 2 * before.Test["rmse"]);
    }

    [Fact]
    public async Task Load_savedEnsemble_scoresTestRowsAsTrainingDidByBatchAndJson()
    {
        using var model = await LoadedModel.LoadAsync(_ames.Directory);
        var test = _ames.Outcome.TestSet;
        var expected = _ames.Outcome.ModelCandidate.TestPredictions;

        var batch = model.Score(test).Predictions;
        var rows = Enumerable.Range(0, test.RowCount).Select(r => JsonRow(model.Manifest, test, r)).ToList();
        var served = model.Score(rows).Predictions;

        Assert.Equal(test.RowCount, batch.Count);
        for (var r = 0; r < test.RowCount; r++)
        {
            Assert.Equal(expected[r].Value!.Value, batch[r]!.Value!.Value, 1e-6 * Math.Abs(expected[r].Value!.Value) + 1e-3);
            Assert.Equal(batch[r]!.Value, served[r]!.Value);
        }
    }

    [Fact]
    public async Task Score_explainEveryInput_ofASavedEnsemble_addsUpToItsBlendedValue()
    {
        using var model = await LoadedModel.LoadAsync(_ames.Directory);
        var test = _ames.Outcome.TestSet.Take(Enumerable.Range(0, 5).ToArray());

        var explained = model.Score(test, explain: model.Manifest.Inputs.Count).Predictions;

        foreach (var p in explained)
        {
            // An ensemble is explained by sampling through its own blend, never by its first member's trees.
            var e = p!.Explanation!;
            Assert.Equal("value", e.Scale);
            Assert.NotEqual("tree_shap", e.Method);
            Assert.Equal(p.Value!.Value, e.Base + e.Contributions.Sum(c => c.Contribution), 1e-6 * Math.Abs(p.Value.Value));
        }
    }

    [Fact]
    public async Task Score_batchLargeEnoughToSplitOverTheCores_givesEachRowItsOwnBlend()
    {
        using var model = await LoadedModel.LoadAsync(_ames.Directory);
        var test = _ames.Outcome.TestSet;
        // Past 2,048 rows a batch is split into chunks, one per core; each chunk must land on its own rows.
        var rows = Enumerable.Range(0, 2_500).Select(i => i % test.RowCount).ToArray();

        var large = model.Score(test.Take(rows)).Predictions;
        var small = model.Score(test).Predictions;

        Assert.Equal(rows.Select(r => small[r]!.Value), large.Select(p => p!.Value));
    }

    [Fact]
    public async Task Save_ensemble_hashesEveryMemberFileAndListsTheWeights()
    {
        var manifest = await ModelPackage.ReadManifestAsync(_ames.Directory);

        Assert.Equal(TrainedModel.EnsembleName, manifest.Algorithm);
        var entries = manifest.Ensemble!;
        Assert.Equal(_ames.Outcome.Model.Members!.Select(m => (m.Model.Algorithm, m.Weight)), entries.Select(e => (e.Algorithm, e.Weight)));
        Assert.Equal(ModelPackage.ModelFile, entries[0].File);
        foreach (var entry in entries)
            Assert.Equal(await ModelPackage.HashAsync(Path.Combine(_ames.Directory, entry.File)), manifest.Files[entry.File]);
    }

    [Fact]
    public async Task Load_editedMemberFile_isRefusedAsTamperedNamingIt()
    {
        var copy = _ames.Copy();
        var path = Path.Combine(copy, ModelPackage.MemberFile(1));
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var error = await Assert.ThrowsAsync<MLCycleException>(() => LoadedModel.LoadAsync(copy));

        Assert.Equal(ErrorKind.Tampered, error.Kind);
        Assert.Contains($"'{ModelPackage.MemberFile(1)}'", error.Message);
    }

    [Fact]
    public void Train_targetAStepTreesFitExactly_keepsTheSingleTreeModel()
    {
        // A step in x is what one tree split fits exactly; any share of a linear fit only adds error out of fold, so no
        // blend is kept and the packaged model is the boosted trees alone.
        var random = new Random(5);
        var x = Enumerable.Range(0, 300).Select(_ => random.NextDouble() * 10).ToArray();
        var noise = Enumerable.Range(0, 300).Select(_ => random.NextDouble()).ToArray();
        var data = new Table([
            SyntheticTables.Numbers("x", x), SyntheticTables.Numbers("noise", noise), SyntheticTables.Numbers("y", x.Select(v => v > 5 ? 100.0 : 0).ToArray()),
        ]);

        var outcome = new ModelTrainer().Train(new TrainingRequest
        {
            Data = data, Target = "y", Task = TaskKind.Regression, Folds = 3, Seed = 2, Algorithms = ["lightgbm", "sdca"],
            Search = new SearchOptions { Trials = 2 },
        });

        Assert.Equal("lightgbm", outcome.Model.Algorithm);
        Assert.Null(outcome.Model.Members);
        Assert.DoesNotContain(outcome.Candidates, c => c.Algorithm == TrainedModel.EnsembleName && c.Packageable);
    }

    private static Dictionary<string, JsonElement> JsonRow(ModelManifest manifest, Table table, int row) =>
        manifest.Inputs.ToDictionary(i => i.Name, i => table[i.Name] switch
        {
            { Numbers: { } numbers } => double.IsNaN(numbers[row]) ? JsonSerializer.SerializeToElement<double?>(null) : JsonSerializer.SerializeToElement(numbers[row]),
            var column => JsonSerializer.SerializeToElement(column.Format(row)),
        });

    /// <summary>A slice of Ames (600 rows, a few strong columns) searched over a linear learner and two boosted ones, packaged once for the class.</summary>
    public sealed class AmesEnsemble : IDisposable
    {
        public const int Seed = 3;
        private static readonly string[] Columns =
            ["Gr_Liv_Area", "Year_Built", "Overall_Cond", "Neighborhood", "Total_Bsmt_SF", "Lot_Area", "Full_Bath", "Garage_Cars", "Sale_Price"];
        private readonly string _root = System.IO.Directory.CreateTempSubdirectory("mlcycle-ensemble-").FullName;

        public AmesEnsemble()
        {
            var full = CsvTables.Load(RepoFiles.Path("examples/ames-housing/ames_housing.csv"), maxRows: 600);
            Data = new Table(Columns.Select(c => full[c]).ToList());
            Outcome = Train(Data);
            Directory = Path.Combine(_root, "ensemble");
            var manifest = Outcome.CreateManifest("ames", new DatasetProfile { Rows = Data.RowCount, Columns = [] }, "run-ensemble");
            ModelPackage.SaveAsync(Directory, Outcome.Model, manifest).GetAwaiter().GetResult();
        }

        public Table Data { get; }
        public TrainingOutcome Outcome { get; }
        public string Directory { get; }

        public static TrainingOutcome Train(Table data) => new ModelTrainer().Train(new TrainingRequest
        {
            Data = data, Target = "Sale_Price", Task = TaskKind.Regression, Folds = 3, Seed = Seed, Algorithms = ["sdca", "lightgbm", "fasttree"],
            Search = new SearchOptions { Trials = 5 },
        });

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
