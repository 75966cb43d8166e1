using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;

namespace MLCycle.Tests.Preparation.Treatments;

public class TreatmentChainTests
{
    private static readonly InputColumn[] NumericInputs =
        [new("a", ColumnKind.Numeric, false), new("b", ColumnKind.Numeric, true), new("c", ColumnKind.Numeric, false)];

    private static readonly FittedTreatments ClipB = new()
    {
        Numeric = [new NumericTreatment { Column = "b", Sentinels = [-999], Outliers = OutlierMode.Clip, Low = 0, High = 10 }],
    };

    private static FeatureRow[] NumericRows(params float[] b) =>
        b.Select((v, i) => new FeatureRow { Numeric = [i, v, 100 + i] }).ToArray();

    private static float[][] Transform(ITransformer chain, MLContext ml, FeatureLayout layout, FeatureRow[] rows, string column) =>
        chain.Transform(ml.Data.LoadFromEnumerable(rows, layout.CreateSchema())).GetColumn<float[]>(column).ToArray();

    [Fact]
    public void Fit_turns_sentinels_into_missing_and_clips_only_the_treated_slot()
    {
        var ml = new MLContext(seed: 1);
        var layout = new FeatureLayout(NumericInputs);
        var rows = NumericRows(-999, 50, -3, 5, float.NaN, 10.5f);
        var (stages, data) = TreatmentChain.Fit(ml, layout, rows, ClipB, ml.Data.LoadFromEnumerable(rows, layout.CreateSchema()));

        var numeric = data.GetColumn<float[]>("Numeric").ToArray();

        Assert.NotEmpty(stages);
        Assert.Equal([float.NaN, 10, 0, 5, float.NaN, 10], numeric.Select(n => n[1]));
        Assert.Equal([0f, 1, 2, 3, 4, 5], numeric.Select(n => n[0]));
        Assert.Equal([100f, 101, 102, 103, 104, 105], numeric.Select(n => n[2]));
    }

    [Fact]
    public void Fit_imputes_from_treated_values_so_sentinels_do_not_drag_the_median()
    {
        // Treated b is NaN, 10, 0, 5, NaN, 10: the median of 0, 5, 10, 10 is 7.5, not the raw median.
        var ml = new MLContext(seed: 1);
        var layout = new FeatureLayout(NumericInputs);
        var rows = NumericRows(-999, 50, -3, 5, float.NaN, 10.5f);
        var options = new PreparationOptions { Missing = MissingStrategy.Median, Scale = ScaleKind.None };
        var chain = PreparationChain.Fit(ml, layout, rows, ml.Data.LoadFromEnumerable(rows, layout.CreateSchema()), options, ClipB);

        var b = Transform(chain, ml, layout, rows, "Numeric").Select(n => n[1]);

        Assert.Equal([7.5f, 10, 0, 5, 7.5f, 10], b);
    }

    [Fact]
    public void Fit_treats_a_single_numeric_input_without_cutting_the_vector()
    {
        var ml = new MLContext(seed: 1);
        var layout = new FeatureLayout([new InputColumn("b", ColumnKind.Numeric, true)]);
        var rows = new[] { -999f, 20, 3 }.Select(v => new FeatureRow { Numeric = [v] }).ToArray();
        var (_, data) = TreatmentChain.Fit(ml, layout, rows, ClipB, ml.Data.LoadFromEnumerable(rows, layout.CreateSchema()));

        Assert.Equal([float.NaN, 10, 3], data.GetColumn<float[]>("Numeric").Select(n => n[0]));
    }

    [Fact]
    public void Fit_compiles_negative_fractional_and_exponent_constants_exactly()
    {
        var ml = new MLContext(seed: 1);
        var layout = new FeatureLayout([new InputColumn("b", ColumnKind.Numeric, true)]);
        var rows = new[] { -1e-7f, -100, 2e30f, -0.25f, 1 }.Select(v => new FeatureRow { Numeric = [v] }).ToArray();
        var treatments = new FittedTreatments
        {
            Numeric = [new NumericTreatment { Column = "b", Sentinels = [-1e-7], Outliers = OutlierMode.Clip, Low = -3.5, High = 1.5e20 }],
        };
        var (_, data) = TreatmentChain.Fit(ml, layout, rows, treatments, ml.Data.LoadFromEnumerable(rows, layout.CreateSchema()));

        Assert.Equal([float.NaN, -3.5f, 1.5e20f, -0.25f, 1], data.GetColumn<float[]>("Numeric").Select(n => n[0]));
    }

    [Fact]
    public void Expression_holds_the_sentinels_and_bounds_as_float_constants()
    {
        Assert.Equal("x => (x == float(-999)) ? na(x) : (x < float(0) ? float(0) : (x > float(10) ? float(10) : x))",
            TreatmentChain.Expression(ClipB.Numeric[0]));
        Assert.Null(TreatmentChain.Expression(new NumericTreatment { Column = "b", Outliers = OutlierMode.Remove, Low = 0, High = 1 }));
    }

    [Fact]
    public void Fit_normalises_tokens_merges_rare_levels_and_maps_sentinels_in_both_vectors()
    {
        var ml = new MLContext(seed: 1);
        var layout = new FeatureLayout([new("color", ColumnKind.Categorical, true, ["Red", "blue"]), new("city", ColumnKind.Categorical, true)]);
        var encoder = new FeatureEncoder(layout);
        var train = Table(["Red", " red", "blue", "N/A", "teal", null], ["Oslo", "oslo ", "Rome", "?", "Oslo", "Lima"]);
        var treatments = new FittedTreatments
        {
            Normalization = CategoryNormalization.TrimAndCaseFold,
            Categorical =
            [
                new CategoryTreatment { Column = "color", Sentinels = ["n/a"], Merged = ["teal"] },
                new CategoryTreatment { Column = "city", Sentinels = ["?"], Merged = ["lima"] },
            ],
        };
        var rows = encoder.Encode(train);
        var (stages, _) = TreatmentChain.Fit(ml, layout, rows, treatments, ml.Data.LoadFromEnumerable(rows, layout.CreateSchema()));
        var chain = new TransformerChain<ITransformer>([.. stages]);

        var serving = encoder.Encode(Table(["RED ", "Teal", "n/a", "purple"], [" ROME", "LIMA", "?", "Paris"]));
        var view = chain.Transform(ml.Data.LoadFromEnumerable(serving, layout.CreateSchema()));

        Assert.Equal(["color=red", "color=<other>", "color=<missing>", ""], view.GetColumn<string[]>("Categorical").Select(t => t[0]));
        Assert.Equal(["city=rome", "city=<other>", "city=<missing>", ""], view.GetColumn<string[]>("Hashed").Select(t => t[0]));
    }

    [Fact]
    public void Fit_with_trimming_alone_keeps_case_and_unseen_values()
    {
        var ml = new MLContext(seed: 1);
        var layout = new FeatureLayout([new("color", ColumnKind.Categorical, true, ["Red"]), new("city", ColumnKind.Categorical, true)]);
        var encoder = new FeatureEncoder(layout);
        var rows = encoder.Encode(Table(["Red", null], ["Oslo", "Rome"]));
        var treatments = new FittedTreatments { Normalization = CategoryNormalization.Trim };
        var (stages, _) = TreatmentChain.Fit(ml, layout, rows, treatments, ml.Data.LoadFromEnumerable(rows, layout.CreateSchema()));

        var serving = encoder.Encode(Table([" Red ", "purple"], ["  OSLO", null]));
        var view = new TransformerChain<ITransformer>([.. stages]).Transform(ml.Data.LoadFromEnumerable(serving, layout.CreateSchema()));

        Assert.Equal(["color=Red", "color=purple"], view.GetColumn<string[]>("Categorical").Select(t => t[0]));
        Assert.Equal(["city=OSLO", "city=<missing>"], view.GetColumn<string[]>("Hashed").Select(t => t[0]));
    }

    [Fact]
    public void Saved_model_applies_the_same_treatments_after_loading_in_a_fresh_context()
    {
        var ml = new MLContext(seed: 1);
        var layout = new FeatureLayout([.. NumericInputs, new("color", ColumnKind.Categorical, true, ["Red", "blue"])]);
        var rows = NumericRows(-999, 50, -3, 5, float.NaN, 10.5f);
        string[] colors = ["Red", " red", "BLUE", "blue", "Red", "teal"];
        for (var i = 0; i < rows.Length; i++) rows[i].Categorical = [$"color={colors[i]}"];
        var treatments = ClipB with
        {
            Normalization = CategoryNormalization.TrimAndCaseFold,
            Categorical = [new CategoryTreatment { Column = "color", Merged = ["teal"] }],
        };
        var options = new PreparationOptions { Missing = MissingStrategy.Median, Scale = ScaleKind.Standard };
        var data = ml.Data.LoadFromEnumerable(rows, layout.CreateSchema());
        var chain = PreparationChain.Fit(ml, layout, rows, data, options, treatments);
        using var stream = new MemoryStream();
        ml.Model.Save(chain, data.Schema, stream);
        stream.Position = 0;

        var fresh = new MLContext(seed: 7);
        TreatmentChain.Register(fresh);
        var loaded = fresh.Model.Load(stream, out _);

        var before = Transform(chain, ml, layout, rows, PreparationChain.FeaturesColumn);
        var after = Transform(loaded, fresh, layout, rows, PreparationChain.FeaturesColumn);
        Assert.Equal(before.Length, after.Length);
        for (var r = 0; r < before.Length; r++) Assert.Equal(before[r], after[r]);
        // Row 1 (b = 50) is clipped to 10 like row 5 (b = 10.5); " red" and "Red" encode alike.
        Assert.Equal(after[1][1], after[5][1]);
        Assert.Equal(after[0][3..], after[1][3..]);
    }

    private static Table Table(string?[] color, string?[] city) => new(
    [
        TableColumn.FromStrings(new ColumnInfo("color", ColumnKind.Categorical, "VARCHAR"), color),
        TableColumn.FromStrings(new ColumnInfo("city", ColumnKind.Categorical, "VARCHAR"), city),
    ]);
}
