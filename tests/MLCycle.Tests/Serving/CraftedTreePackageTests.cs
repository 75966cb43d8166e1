using System.Collections;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Registry;
using MLCycle.Serving;

namespace MLCycle.Tests.Serving;

/// <summary>
/// Tree packages edited by hand (bytes of ML.NET's saved trees replaced in model.zip): the walk either scores exactly what ML.NET's
/// engines score or is not used, and a tree that is no tree (a loop, a child or a feature past the arrays) is refused at load
/// instead of failing or hanging at request time.
/// </summary>
public sealed class CraftedTreePackageTests(OnnxModelsFixture models) : IClassFixture<OnnxModelsFixture>
{
    [Theory]
    [InlineData("threshold")]
    [InlineData("leaf")]
    [InlineData("feature")]
    public async Task An_edited_threshold_leaf_or_split_feature_is_walked_as_mlnet_reads_it(string edit)
    {
        var (directory, outcome) = models["binary-lightgbm"];
        using var model = await ScoringModel.LoadAsync(directory);
        var tree = Ensemble(model.Model).Trees[0];
        var width = ((TreeEnginePool)model.Engines).Scorer.Trees.FeatureCount;
        var crafted = edit switch
        {
            "threshold" => Crafted(model, directory, Floats(tree.NumericalSplitThresholds), 0, float.MaxValue),
            "leaf" => Crafted(model, directory, Doubles(tree.LeafValues), 0, 10.0),
            _ => Crafted(model, directory, Ints(tree.NumericalSplitFeatureIndexes), 0, (tree.NumericalSplitFeatureIndexes[0] + 1) % width),
        };
        using var whole = EnginePool.CreateWhole(model.Context, crafted, model.InputSchema, model.Task, model.Classes, model.Threshold);
        using var pool = TreeEnginePool.TryCreate(model.Context, crafted, model.InputSchema, model.Task, model.Classes, model.Threshold,
            EnginePool.CreateWhole(model.Context, crafted, model.InputSchema, model.Task, model.Classes, model.Threshold));

        Assert.NotNull(pool);
        var features = EncodedRows.Of(model, outcome.TestSet);
        var walked = Predict(pool, features, model.Classes);
        var engines = Predict(whole, features, model.Classes);
        var original = Predict(model.Engines, features, model.Classes);
        Assert.Contains(Enumerable.Range(0, features.Length), i => Show(original[i]) != Show(engines[i]));
        for (var i = 0; i < features.Length; i++) Assert.Equal(Show(engines[i]), Show(walked[i]));
    }

    [Fact]
    public async Task A_NaN_threshold_is_left_to_mlnets_engines()
    {
        // ML.NET sends a value right of a NaN threshold ("at most NaN" is false); the walk's "above NaN" would send it left.
        var (directory, outcome) = models["binary-lightgbm"];
        using var model = await ScoringModel.LoadAsync(directory);
        var tree = Ensemble(model.Model).Trees[0];
        var crafted = Crafted(model, directory, Floats(tree.NumericalSplitThresholds), 0, float.NaN);
        using var whole = EnginePool.CreateWhole(model.Context, crafted, model.InputSchema, model.Task, model.Classes, model.Threshold);

        Assert.Null(TreeScorer.TryCreate(((TransformerChain<ITransformer>)crafted).Last(), int.MaxValue));
        using var engines = EnginePool.Create(model.Context, crafted, model.InputSchema, model.Task, model.Classes, model.Threshold);
        Assert.IsNotType<TreeEnginePool>(engines);
        var features = EncodedRows.Of(model, outcome.TestSet);
        var expected = Predict(whole, features, model.Classes);
        var scored = Predict(engines, features, model.Classes);
        for (var i = 0; i < features.Length; i++) Assert.Equal(Show(expected[i]), Show(scored[i]));
    }

    [Theory]
    [InlineData("child past the last node")]
    [InlineData("a loop")]
    [InlineData("feature past the vector")]
    public async Task A_tree_that_is_not_a_tree_is_refused_when_the_package_loads(string edit)
    {
        var directory = models["binary-lightgbm"].Directory;
        using var model = await ScoringModel.LoadAsync(directory);
        var tree = Ensemble(model.Model).Trees[0];
        // The loop: the first split node whose left child is another split points back to the root.
        var looped = Enumerable.Range(1, tree.NumberOfNodes - 1).First(n => tree.LeftChild[n] >= 0);
        var crafted = edit switch
        {
            "child past the last node" => Crafted(model, directory, Ints(tree.LeftChild), 0, 5_000),
            "a loop" => Crafted(model, directory, Ints(tree.LeftChild), looped, 0),
            _ => Crafted(model, directory, Ints(tree.NumericalSplitFeatureIndexes), 0, 100_000),
        };

        var refused = Assert.Throws<MLCycleException>(() => EnginePool.Create(model.Context, crafted, model.InputSchema, model.Task, model.Classes, model.Threshold));
        Assert.Equal(ErrorKind.Tampered, refused.Kind);
        Assert.Contains("tree 0", refused.Message);
    }

    [Fact]
    public async Task Trees_without_a_tree_or_with_a_categorical_split_are_left_to_mlnets_engines()
    {
        // ML.NET's view of a loaded ensemble is what the walk copies: emptied, it holds no tree (scores ML.NET gives as 0 plus
        // nothing); flagged categorical, a split this walk does not take. Either way the walk must not be used, and not throw.
        using var model = await ScoringModel.LoadAsync(models["binary-lightgbm"].Directory);
        using var whole = EnginePool.CreateWhole(model.Context, model.Model, model.InputSchema, model.Task, model.Classes, model.Threshold);
        var ensemble = Ensemble(model.Model);
        var flags = (System.Collections.Immutable.ImmutableArray<bool>)ensemble.Trees[^1].CategoricalSplitFlags;
        ImmutableCollectionsMarshal.AsArray(flags)![0] = true;

        Assert.Null(TreeEnginePool.TryCreate(model.Context, model.Model, model.InputSchema, model.Task, model.Classes, model.Threshold, whole));
        ImmutableCollectionsMarshal.AsArray(flags)![0] = false;
        Assert.NotNull(TreeScorer.TryCreate(((TransformerChain<ITransformer>)model.Model).Last(), int.MaxValue));
        ((IList)ensemble.Trees).Clear();
        Assert.Null(TreeEnginePool.TryCreate(model.Context, model.Model, model.InputSchema, model.Task, model.Classes, model.Threshold, whole));
    }

    private static RegressionTreeEnsemble Ensemble(ITransformer model) =>
        ((BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>>)((TransformerChain<ITransformer>)model).Last())
            .Model.SubModel.TrainedTreeEnsemble;

    // The package's model.zip with the first occurrence of an array ML.NET saved (its length, then its items) changed at one item.
    private static ITransformer Crafted(ScoringModel model, string directory, (byte[] Bytes, int ItemSize) array, int item, object value)
    {
        using var edited = new MemoryStream();
        using (var source = File.OpenRead(Path.Combine(directory, ModelPackage.ModelFile))) source.CopyTo(edited);
        var found = false;
        using (var zip = new ZipArchive(edited, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries.ToList())
            {
                byte[] bytes;
                using (var read = entry.Open())
                {
                    using var copy = new MemoryStream();
                    read.CopyTo(copy);
                    bytes = copy.ToArray();
                }
                var at = bytes.AsSpan().IndexOf(array.Bytes);
                if (at < 0) continue;
                byte[] replacement = value switch
                {
                    float f => BitConverter.GetBytes(f),
                    double d => BitConverter.GetBytes(d),
                    _ => BitConverter.GetBytes((int)value),
                };
                replacement.CopyTo(bytes, at + sizeof(int) + item * array.ItemSize);
                using var write = entry.Open();
                write.SetLength(0);
                write.Write(bytes);
                found = true;
                break;
            }
        }
        Assert.True(found, "the array was found in model.zip");
        edited.Position = 0;
        return model.Context.Model.Load(edited, out _);
    }

    private static (byte[], int) Ints(IReadOnlyList<int> items) => (Saved(items, sizeof(int), (i, b) => BitConverter.GetBytes(i).CopyTo(b)), sizeof(int));

    private static (byte[], int) Floats(IReadOnlyList<float> items) => (Saved(items, sizeof(float), (f, b) => BitConverter.GetBytes(f).CopyTo(b)), sizeof(float));

    private static (byte[], int) Doubles(IReadOnlyList<double> items) => (Saved(items, sizeof(double), (d, b) => BitConverter.GetBytes(d).CopyTo(b)), sizeof(double));

    private static byte[] Saved<T>(IReadOnlyList<T> items, int size, Action<T, byte[]> write)
    {
        var bytes = new byte[sizeof(int) + items.Count * size];
        BitConverter.GetBytes(items.Count).CopyTo(bytes, 0);
        var item = new byte[size];
        for (var i = 0; i < items.Count; i++)
        {
            write(items[i], item);
            item.CopyTo(bytes, sizeof(int) + i * size);
        }
        return bytes;
    }

    private static ScoredPredictions Predict(EnginePool engines, FeatureRow?[] features, IReadOnlyList<string> classes)
    {
        var results = new ScoredPredictions(features.Length, classes);
        engines.Predict(features, results, 0, features.Length);
        return results;
    }

    private static string Show(Prediction? p) => p is null ? "null"
        : $"{p.Label}|{p.Value?.ToString("R")}|{string.Join(",", p.Probabilities?.Select(kv => $"{kv.Key}={kv.Value:R}") ?? [])}";
}
