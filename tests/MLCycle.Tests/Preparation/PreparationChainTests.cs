using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Preparation;

namespace MLCycle.Tests.Preparation;

public class PreparationChainTests
{
    private static readonly InputColumn[] Inputs = [new("a", ColumnKind.Numeric, true), new("note", ColumnKind.Text, false)];

    private static (float[] Numeric, float[] Features) Run(MissingStrategy missing, ScaleKind scale)
    {
        var ml = new MLContext(seed: 1);
        var layout = new FeatureLayout(Inputs);
        var rows = new[] { (1f, "red apple"), (2f, "green apple"), (2f, "red pear"), (float.NaN, "red"), (7f, "pear") }
            .Select(p => new FeatureRow { Numeric = [p.Item1], Text = [p.Item2] }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows, layout.CreateSchema());
        var chain = PreparationChain.Fit(ml, layout, rows, data, new PreparationOptions { Missing = missing, Scale = scale });
        var output = chain.Transform(data);
        var numeric = output.GetColumn<float[]>(scale == ScaleKind.None ? "Numeric" : "NumericScaled").Select(v => v[0]).ToArray();
        var features = output.GetColumn<float[]>(PreparationChain.FeaturesColumn).First();
        return (numeric, features);
    }

    [Fact]
    public void Fit_bakes_the_median_into_the_saved_imputer()
    {
        var (numeric, _) = Run(MissingStrategy.Median, ScaleKind.None);

        Assert.Equal([1f, 2f, 2f, 2f, 7f], numeric);
    }

    [Fact]
    public void Fit_imputes_the_mean_then_scales_min_max()
    {
        // Mean of 1, 2, 2, 7 is 3; min-max over [1, 7] then maps 3 to 1/3.
        var (numeric, _) = Run(MissingStrategy.Auto, ScaleKind.MinMax);

        Assert.Equal(1f / 3, numeric[3], 5);
        Assert.Equal(1f, numeric[4], 5);
    }

    [Fact]
    public void Fit_featurizes_text_into_many_features()
    {
        var (_, features) = Run(MissingStrategy.Mean, ScaleKind.Standard);

        // One numeric slot plus word and character n-grams of the text.
        Assert.True(features.Length > 10, $"only {features.Length} features");
    }

    [Fact]
    public void Fit_without_any_input_is_refused()
    {
        var ml = new MLContext(seed: 1);
        var layout = new FeatureLayout([]);
        var data = ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), layout.CreateSchema(MLCycle.TaskKind.Regression));

        var error = Assert.Throws<MLCycleException>(() => PreparationChain.Fit(ml, layout, [], data, new PreparationOptions()));

        Assert.Contains("no input columns", error.Message);
    }
}
