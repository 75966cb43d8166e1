using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Serving;
using MLCycle.Tests.Training;
using MLCycle.Training;

namespace MLCycle.Tests.Serving;

/// <summary>
/// A tree package's preparation chain read back when it loads (ADR 0076) writes the features ML.NET's chain writes, to the last bit,
/// and only for rows it was shown how to: other tokens go to ML.NET, and chains that do more than scale and count are not read back.
/// </summary>
public sealed class CompiledPreparationTests(OnnxModelsFixture models) : IClassFixture<OnnxModelsFixture>
{
    [Theory]
    [InlineData("binary-lightgbm")]
    [InlineData("regression-fasttree")]
    public async Task Tree_chains_are_read_back_and_write_the_features_mlnet_writes(string name)
    {
        var (directory, outcome) = models[name];
        using var model = await ScoringModel.LoadAsync(directory);
        var encoder = new FeatureEncoder(new FeatureLayout(model.Manifest.Inputs));
        var chain = Chain(model);
        var compiled = CompiledPreparation.TryCreate(encoder, chain, chain(encoder.Layout.CreateRow()).Length);
        Assert.NotNull(compiled);

        AssertSameFeatures(compiled, chain, EncodedRows.Of(model, outcome.TestSet));
    }

    [Fact]
    public async Task A_column_constant_in_training_is_read_back_as_scaled_by_zero()
    {
        // Standard scaling gives a constant column a scale of 0: a value of it moves no feature, and infinity makes a NaN.
        var german = CsvTables.Load(RepoFiles.Path("tests/data/german_credit.csv"));
        var data = new Table([.. german.Columns, TableColumn.FromNumbers(new ColumnInfo("constant", ColumnKind.Numeric, "DOUBLE"), [.. Enumerable.Repeat(5.0, german.RowCount)])]);
        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = data, Target = "class", Task = TaskKind.Binary, Algorithms = ["lightgbm"], Folds = 2, Seed = 7 });
        var directory = Path.Combine(models.Root, "binary-lightgbm-constant");
        await ModelPackage.SaveAsync(directory, outcome.Model, outcome.CreateManifest("constant", new DatasetProfile { Rows = data.RowCount, Columns = [] }));
        using var model = await ScoringModel.LoadAsync(directory);

        var pool = Assert.IsType<TreeEnginePool>(model.Engines);
        Assert.NotNull(pool.Preparation);
        AssertSameFeatures(pool.Preparation, Chain(model), EncodedRows.Of(model, outcome.TestSet));
    }

    [Fact]
    public async Task A_category_the_chain_was_not_shown_is_left_to_mlnet_and_scored_as_mlnet_scores_it()
    {
        var (directory, outcome) = models["binary-lightgbm"];
        using var model = await ScoringModel.LoadAsync(directory);
        var pool = Assert.IsType<TreeEnginePool>(model.Engines);
        Assert.NotNull(pool.Preparation);
        var column = model.Manifest.Inputs.First(i => i.Kind == ColumnKind.Categorical && i.Categories is not null).Name;
        var test = outcome.TestSet.Take([.. Enumerable.Range(0, 10)]);
        var unseen = new Table([.. test.Columns.Select(c => c.Name == column
            ? TableColumn.FromStrings(c.Info, [.. Enumerable.Repeat<string?>("never seen in training", test.RowCount)])
            : c)]);
        var features = EncodedRows.Of(model, unseen);

        Assert.All(features, f => Assert.False(pool.Preparation.TryWrite(f!, new float[pool.Scorer.Trees.FeatureCount])));
        using var whole = EnginePool.CreateWhole(model.Context, model.Model, model.InputSchema, model.Task, model.Classes, model.Threshold);
        var walked = new ScoredPredictions(features.Length, model.Classes);
        var engines = new ScoredPredictions(features.Length, model.Classes);
        model.Engines.Predict(features, walked, 0, features.Length);
        whole.Predict(features, engines, 0, features.Length);
        for (var i = 0; i < features.Length; i++) Assert.Equal(engines[i]!.Probabilities!, walked[i]!.Probabilities!);
    }

    public static TheoryData<string> Deviations() => ["clips large numbers", "adds an offset", "counts a token twice", "joins two missing values"];

    [Theory]
    [MemberData(nameof(Deviations))]
    public async Task A_chain_that_does_more_than_scale_and_count_is_not_read_back(string deviation)
    {
        using var model = await ScoringModel.LoadAsync(models["binary-lightgbm"].Directory);
        var encoder = new FeatureEncoder(new FeatureLayout(model.Manifest.Inputs));
        var chain = Chain(model);
        var width = chain(encoder.Layout.CreateRow()).Length;
        var firstToken = encoder.Tokens(model.Manifest.Inputs.Select((c, i) => (c, i)).First(p => p.c.Kind == ColumnKind.Categorical).i).First();
        Func<FeatureRow, float[]> deviating = deviation switch
        {
            "clips large numbers" => row => chain(Changed(row, r => r.Numeric[0] = Math.Clamp(r.Numeric[0], -1e9f, 1e9f))),
            "adds an offset" => row => Changed(chain(row), f => f[0] += 0.5f),
            "counts a token twice" => row => Changed(chain(row), f =>
            {
                if (row.Categorical.Contains(firstToken)) f[^1] += 1;
            }),
            _ => row => Changed(chain(row), f =>
            {
                if (float.IsNaN(row.Numeric[0]) && float.IsNaN(row.Numeric[1])) f[0] = 42;
            }),
        };

        // The same chain undisturbed is read back, so each refusal is the deviation's.
        Assert.NotNull(CompiledPreparation.TryCreate(encoder, chain, width));
        Assert.Null(CompiledPreparation.TryCreate(encoder, deviating, width));
    }

    [Fact]
    public async Task A_package_with_numeric_treatments_keeps_mlnet_for_its_chain_and_scores_a_sentinel_as_missing()
    {
        var german = CsvTables.Load(RepoFiles.Path("tests/data/german_credit.csv"));
        var outcome = new ModelTrainer().Train(new TrainingRequest
        {
            Data = german, Target = "class", Task = TaskKind.Binary, Algorithms = ["lightgbm"], Folds = 2, Seed = 7,
            Prepare = new PreparationOptions { Treatments = new TreatmentOptions { Sentinels = new Dictionary<string, IReadOnlyList<string>> { ["duration"] = ["6"] } } },
        });
        var directory = Path.Combine(models.Root, "binary-lightgbm-sentinel");
        await ModelPackage.SaveAsync(directory, outcome.Model, outcome.CreateManifest("sentinel", new DatasetProfile { Rows = german.RowCount, Columns = [] }));
        using var model = await ScoringModel.LoadAsync(directory);

        Assert.Null(Assert.IsType<TreeEnginePool>(model.Engines).Preparation);
        var sentinel = model.Score(new Dictionary<string, object?>(Row(outcome.TestSet, 0)) { ["duration"] = 6 });
        var missing = model.Score(new Dictionary<string, object?>(Row(outcome.TestSet, 0)) { ["duration"] = null });
        Assert.Equal(missing.Probabilities!, sentinel.Probabilities!);
    }

    // The rows, then the first 20 with each numeric slot in turn missing (the imputed value, scaled), -0, the smallest negative float
    // and each infinity: features written both ways must be the same bits.
    private static void AssertSameFeatures(CompiledPreparation compiled, Func<FeatureRow, float[]> chain, FeatureRow?[] encoded)
    {
        var rows = encoded.Select(r => r!).ToList();
        float[] values = [float.NaN, -0f, -float.Epsilon, float.PositiveInfinity, float.NegativeInfinity];
        rows.AddRange(rows.Take(20).SelectMany(r => Enumerable.Range(0, r.Numeric.Length).SelectMany(slot => values.Select(v => With(r, slot, v)))));
        var dense = new float[chain(rows[0]).Length];
        foreach (var row in rows)
        {
            Assert.True(compiled.TryWrite(row, dense));
            Assert.Equal(Bits(chain(row)), Bits(dense));
        }
    }

    // The preparation part of the package's chain (all but the trees) as ML.NET runs it, a row to its dense features.
    private static Func<FeatureRow, float[]> Chain(ScoringModel model)
    {
        var stages = ((TransformerChain<ITransformer>)model.Model).ToArray();
        var engine = model.Context.Model.CreatePredictionEngine<FeatureRow, FeaturesOnly>(new TransformerChain<ITransformer>(stages[..^1]),
            ignoreMissingColumns: true, inputSchemaDefinition: model.InputSchema);
        return row => [.. engine.Predict(row).Features.DenseValues()];
    }

    private static Dictionary<string, object?> Row(Table table, int row) => table.Columns.ToDictionary(c => c.Name, c => c.Numbers is { } n ? (object?)n[row] : c.Strings![row]);

    private static FeatureRow With(FeatureRow row, int slot, float value)
    {
        var copy = row.CopyInputs();
        copy.Numeric[slot] = value;
        return copy;
    }

    private static FeatureRow Changed(FeatureRow row, Action<FeatureRow> change)
    {
        var copy = row.CopyInputs();
        change(copy);
        return copy;
    }

    private static float[] Changed(float[] features, Action<float[]> change)
    {
        change(features);
        return features;
    }

    private static int[] Bits(ReadOnlySpan<float> values) => [.. values.ToArray().Select(BitConverter.SingleToInt32Bits)];

    private sealed class FeaturesOnly
    {
        public VBuffer<float> Features { get; set; }
    }
}
