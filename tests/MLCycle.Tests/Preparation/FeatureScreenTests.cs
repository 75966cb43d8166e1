using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Preparation;

namespace MLCycle.Tests.Preparation;

public sealed class FeatureScreenTests
{
    [Fact]
    public void Scores_feature_equal_to_a_balanced_binary_label_is_ln2_and_a_constant_is_zero()
    {
        var labels = Enumerable.Range(0, 1_000).Select(r => (float)(r % 2)).ToArray();
        float[][] features = [labels.ToArray(), Enumerable.Repeat(3f, labels.Length).ToArray()];

        var scores = FeatureScreen.Scores(features, labels, classes: true);

        Assert.Equal(Math.Log(2), scores[0], 12);
        Assert.Equal(0, scores[1], 12);
    }

    [Fact]
    public void Scores_regression_label_ranks_the_feature_it_depends_on_above_noise()
    {
        var random = new Random(3);
        var signal = Enumerable.Range(0, 2_000).Select(_ => (float)random.NextDouble()).ToArray();
        var noise = Enumerable.Range(0, 2_000).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = signal.Select(s => s * 10 + (float)random.NextDouble()).ToArray();

        var scores = FeatureScreen.Scores([noise, signal], labels, classes: false);

        Assert.True(scores[1] > 0.5, $"signal scored {scores[1]}");
        Assert.True(scores[0] < 0.1, $"noise scored {scores[0]}");
    }

    [Fact]
    public void Best_keeps_the_highest_scores_ties_to_the_lower_slot_in_slot_order()
    {
        Assert.Equal([0, 2, 3], FeatureScreen.Best([0.5, 0.1, 0.9, 0.5, 0.5], 3));
    }

    [Fact]
    public void Fit_keeps_the_informative_slots_and_the_saved_chain_drops_the_same_ones()
    {
        var ml = new MLContext(seed: 1);
        var layout = new FeatureLayout(Enumerable.Range(0, 30).Select(i => new InputColumn($"n{i}", ColumnKind.Numeric, false)).ToArray());
        var random = new Random(5);
        var rows = Enumerable.Range(0, 400).Select(_ => layout.CreateRow()).ToArray();
        foreach (var row in rows)
        {
            for (var s = 0; s < 30; s++) row.Numeric[s] = (float)random.NextDouble();
            row.BinaryLabel = row.Numeric[7] + row.Numeric[21] > 1;
        }
        var data = ml.Data.LoadFromEnumerable(rows, layout.CreateSchema(MLCycle.TaskKind.Binary));
        var chain = PreparationChain.Fit(ml, layout, rows, data, new PreparationOptions());
        var labels = rows.Select(r => r.BinaryLabel ? 1f : 0f).ToArray();

        var screened = new TransformerChain<ITransformer>(chain, FeatureScreen.Fit(ml, chain.Transform(data), labels, classes: true, keep: 4)!);

        var all = chain.Transform(data).GetColumn<float[]>(PreparationChain.FeaturesColumn).ToArray();
        var kept = screened.Transform(data).GetColumn<float[]>(PreparationChain.FeaturesColumn).ToArray();
        Assert.All(kept, k => Assert.Equal(4, k.Length));
        // The slots the label depends on survive, in slot order among the four kept.
        var positions = new[] { 7, 21 }.Select(s => Enumerable.Range(0, 4).Single(p => kept.Select(k => k[p]).SequenceEqual(all.Select(a => a[s])))).ToArray();
        Assert.True(positions[0] < positions[1]);

        using var zip = new MemoryStream();
        ml.Model.Save(screened, data.Schema, zip);
        zip.Position = 0;
        var loaded = new MLContext(seed: 2).Model.Load(zip, out _);
        var served = loaded.Transform(data).GetColumn<float[]>(PreparationChain.FeaturesColumn).ToArray();
        Assert.Equal(kept.SelectMany(k => k), served.SelectMany(k => k));
    }

    [Fact]
    public void Fit_chain_output_with_no_more_slots_than_kept_needs_no_screen()
    {
        var ml = new MLContext(seed: 1);
        var layout = new FeatureLayout([new InputColumn("a", ColumnKind.Numeric, false), new InputColumn("b", ColumnKind.Numeric, false)]);
        var rows = Enumerable.Range(0, 20).Select(r => new FeatureRow { Numeric = [r, r % 3], BinaryLabel = r > 9 }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows, layout.CreateSchema(MLCycle.TaskKind.Binary));
        var chain = PreparationChain.Fit(ml, layout, rows, data, new PreparationOptions());

        Assert.Null(FeatureScreen.Fit(ml, chain.Transform(data), rows.Select(r => r.BinaryLabel ? 1f : 0f).ToArray(), classes: true, keep: 2));
    }
}
