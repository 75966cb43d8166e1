using System.Text.Json;
using MLCycle.Data;
using MLCycle.Monitoring;
using MLCycle.Profiling.Drift;
using MLCycle.Profiling;
using MLCycle.Registry;
using static MLCycle.Tests.Monitoring.DriftFixtures;

namespace MLCycle.Tests.Monitoring;

public sealed class DriftDetectorTests
{
    private static readonly double[] Tenure = Normal(3000, 30, 8, seed: 1);

    private static ModelManifest Manifest(TaskKind task = TaskKind.Binary, ColumnProfile? predictions = null) => new()
    {
        Name = "churn",
        Task = task,
        Algorithm = "lightgbm",
        Target = "churn",
        Inputs =
        [
            new InputColumn("tenure", ColumnKind.Numeric, AllowsMissing: false),
            new InputColumn("plan", ColumnKind.Categorical, AllowsMissing: false, ["a", "b"]),
        ],
        Reference = new DatasetProfile
        {
            Rows = 3000,
            Columns =
            [
                NumericProfile("tenure", Tenure),
                CategoricalProfile("plan", 0, ("a", 2000), ("b", 1000)),
                CategoricalProfile("churn", 0, ("No", 2000), ("Yes", 1000)),
            ],
        },
        PredictionReference = predictions,
    };

    private static Table Current(double shift = 0, int rows = 600) => new(
    [
        Numbers("tenure", Normal(rows, 30 + shift, 8, seed: 2)),
        Strings("plan", Repeat(("a", rows * 2 / 3), ("b", rows - rows * 2 / 3))),
    ]);

    [Fact]
    public void Detect_unchanged_data_reports_no_drift()
    {
        var report = DriftDetector.Detect(Manifest(), Current());

        Assert.Equal(["tenure", "plan"], report.Features.Select(f => f.Name));
        Assert.False(report.AnyDrift);
        Assert.Empty(report.DriftedFeatures);
        Assert.Equal(3000, report.ReferenceRows);
        Assert.Equal(600, report.CurrentRows);
        Assert.Equal(0.2, report.PsiThreshold);
        Assert.Null(report.Prediction);
    }

    [Fact]
    public void Detect_compares_only_the_model_inputs()
    {
        var current = new Table([.. Current().Columns, Strings("churn", Repeat(("Yes", 600)))]);

        var report = DriftDetector.Detect(Manifest(), current);

        Assert.DoesNotContain(report.Features, f => f.Name == "churn");
    }

    [Fact]
    public void Detect_shifted_input_is_listed_as_drifted()
    {
        var report = DriftDetector.Detect(Manifest(), Current(shift: 10));

        Assert.True(report.AnyDrift);
        Assert.Equal(["tenure"], report.DriftedFeatures);
    }

    [Fact]
    public void Detect_threshold_option_decides_what_counts_as_drifted()
    {
        var strict = DriftDetector.Detect(Manifest(), Current(shift: 2), options: new DriftOptions { PsiThreshold = 0.01 });
        var lax = DriftDetector.Detect(Manifest(), Current(shift: 2), options: new DriftOptions { PsiThreshold = 5 });

        Assert.Contains("tenure", strict.DriftedFeatures);
        Assert.Empty(lax.DriftedFeatures);
        Assert.Equal(0.01, strict.PsiThreshold);
    }

    [Fact]
    public void Detect_input_absent_from_current_data_is_drifted_with_a_note()
    {
        var current = new Table([Current().Columns[1]]);

        var report = DriftDetector.Detect(Manifest(), current);

        var tenure = report.Features.Single(f => f.Name == "tenure");
        Assert.True(tenure.Drifted);
        Assert.Contains("missing from the current data", tenure.Note);
        Assert.Equal(0, tenure.CurrentCount);
        Assert.Equal(600, tenure.CurrentMissing);
        Assert.Null(tenure.KsStatistic);
        Assert.Equal(["tenure"], report.DriftedFeatures);
    }

    [Fact]
    public void Detect_input_without_reference_statistics_is_noted_not_drifted()
    {
        var manifest = Manifest() with { Inputs = [.. Manifest().Inputs, new InputColumn("region", ColumnKind.Categorical, true)] };
        var current = new Table([.. Current().Columns, Strings("region", Repeat(("north", 300), (null, 300)))]);

        var region = DriftDetector.Detect(manifest, current).Features.Single(f => f.Name == "region");

        Assert.False(region.Drifted);
        Assert.Contains("no reference statistics", region.Note);
        Assert.Equal(300, region.CurrentCount);
        Assert.Equal(300, region.CurrentMissing);
    }

    [Fact]
    public void Detect_classification_prediction_drift_compares_label_shares()
    {
        var reference = CategoricalProfile("prediction", 0, ("No", 700), ("Yes", 300));
        var predictions = Enumerable.Repeat(new Prediction("Yes", null, null), 600)
            .Concat(Enumerable.Repeat(new Prediction("No", null, null), 400)).ToList();

        var report = DriftDetector.Detect(Manifest(predictions: reference), Current(), predictions);

        var drift = report.Prediction!;
        Assert.Equal(DriftDetector.PredictionName, drift.Name);
        Assert.Equal(-0.3 * Math.Log(0.4 / 0.7) + 0.3 * Math.Log(2), drift.Psi, 12);
        Assert.True(drift.Drifted);
        Assert.True(report.AnyDrift);
        Assert.Empty(report.DriftedFeatures);
    }

    [Fact]
    public void Detect_regression_prediction_drift_compares_values()
    {
        var reference = NumericProfile("prediction", Normal(1000, 200, 20, seed: 3));
        var same = Normal(500, 200, 20, seed: 4).Select(v => new Prediction(null, null, v)).ToList();
        var higher = Normal(500, 240, 20, seed: 4).Select(v => new Prediction(null, null, v)).ToList();

        var calm = DriftDetector.Detect(Manifest(TaskKind.Regression, reference), Current(), same);
        var shifted = DriftDetector.Detect(Manifest(TaskKind.Regression, reference), Current(), higher);

        Assert.False(calm.Prediction!.Drifted);
        Assert.True(calm.Prediction.KsPValue > 0.05);
        Assert.True(shifted.Prediction!.Drifted);
        Assert.True(shifted.Prediction.KsPValue < 0.05);
    }

    [Fact]
    public void Detect_without_prediction_reference_leaves_prediction_empty()
    {
        var predictions = new List<Prediction> { new("Yes", null, null) };

        Assert.Null(DriftDetector.Detect(Manifest(), Current(), predictions).Prediction);
    }

    [Fact]
    public void Detect_empty_current_data_is_refused()
    {
        var empty = new Table([Numbers("tenure", []), Strings("plan")]);

        var e = Assert.Throws<MLCycleException>(() => DriftDetector.Detect(Manifest(), empty));

        Assert.Equal(ErrorKind.BadData, e.Kind);
        Assert.Contains("no rows", e.Message);
    }

    [Theory]
    [InlineData(0, 0.05)]
    [InlineData(-1, 0.05)]
    [InlineData(0.2, 0)]
    [InlineData(0.2, 1)]
    public void Detect_invalid_options_are_refused(double psi, double p)
    {
        var options = new DriftOptions { PsiThreshold = psi, PValue = p };

        var e = Assert.Throws<MLCycleException>(() => DriftDetector.Detect(Manifest(), Current(), options: options));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
    }

    [Fact]
    public void Report_serialises_to_json_without_undefined_numbers()
    {
        var reference = CategoricalProfile("prediction", 0, ("No", 700), ("Yes", 300));
        var current = new Table([Current(shift: 10).Columns[0]]);
        var report = DriftDetector.Detect(Manifest(predictions: reference), current, [new Prediction("Yes", null, null)]);

        // The default serializer throws on NaN and infinities, so this fails if any slipped through.
        var json = JsonSerializer.Serialize(report);
        var back = JsonSerializer.Deserialize<DriftReport>(json)!;

        Assert.Equal(report.Features.Select(f => f.Psi), back.Features.Select(f => f.Psi));
        Assert.Equal(report.DriftedFeatures, back.DriftedFeatures);
        Assert.Equal(report.Prediction!.ChiSquare, back.Prediction!.ChiSquare);
        Assert.Contains("\"KsStatistic\":null", json);
    }

    [Fact]
    public void Detect_fewer_rows_than_the_minimum_gives_no_verdict_even_for_a_real_shift()
    {
        var report = DriftDetector.Detect(Manifest(), Current(shift: 10, rows: 60));

        Assert.True(report.TooFewRows);
        Assert.False(report.AnyDrift);
        Assert.All(report.Features, f =>
        {
            Assert.True(f.TooFewRows);
            Assert.False(f.Drifted);
            Assert.False(f.Significant);
            Assert.Contains("too few rows: 60 values seen, a verdict needs 200", f.Note);
        });
        // The statistics are still there for a person to read: the shift is plain in them.
        Assert.True(report.Features.Single(f => f.Name == "tenure").Psi > 1);
    }

    [Fact]
    public void Detect_the_same_shift_with_enough_rows_is_drift()
    {
        var report = DriftDetector.Detect(Manifest(), Current(shift: 10, rows: 200));

        Assert.False(report.TooFewRows);
        Assert.True(report.AnyDrift);
        Assert.Equal(["tenure"], report.DriftedFeatures);
    }

    [Fact]
    public void Detect_an_absent_column_is_drift_even_on_few_rows()
    {
        var current = new Table([Numbers("tenure", Normal(20, 30, 8, seed: 2))]);

        var report = DriftDetector.Detect(Manifest(), current);

        var plan = report.Features.Single(f => f.Name == "plan");
        Assert.True(plan.Absent);
        Assert.True(plan.Drifted);
        Assert.True(report.AnyDrift);
    }

    [Fact]
    public void Detect_p_values_are_adjusted_across_features_by_benjamini_hochberg()
    {
        var report = DriftDetector.Detect(Manifest(), Current(shift: 0.5, rows: 2000));

        var raw = report.Features.Select(f => f.KsPValue ?? f.ChiSquarePValue).ToList();
        Assert.Equal(MLCycle.Statistics.BenjaminiHochberg.Adjust(raw), report.Features.Select(f => f.AdjustedPValue));
        Assert.All(report.Features, f => Assert.Equal(f.AdjustedPValue < 0.05, f.Significant));
        Assert.All(report.Features, f => Assert.True(f.AdjustedPValue >= (f.KsPValue ?? f.ChiSquarePValue)));
    }
}
