using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Metrics;
using MLCycle.Profiling;
using MLCycle.Reports;

namespace MLCycle.Tests.Reports;

/// <summary>Run reports built from real metric computations on small hand-made data, shared by the report tests.</summary>
internal static class SampleReports
{
    public const string EvilName = "<script>alert('x')</script>";

    public static DatasetProfile Profile() => new()
    {
        Rows = 1000,
        DuplicateRows = 3,
        ConstantColumns = ["country"],
        Fingerprint = "ab12",
        Columns =
        [
            new ColumnProfile
            {
                Name = "tenure", Kind = ColumnKind.Numeric, Count = 990, Missing = 10, Distinct = 72,
                Numeric = new NumericStats(0, 72, 32.4, 24.6, []),
                Histogram = new Histogram([0, 18, 36, 54, 72], [400, 200, 150, 240]),
            },
            new ColumnProfile
            {
                Name = EvilName, Kind = ColumnKind.Categorical, Count = 1000, Distinct = 2,
                TopValues = [new ValueCount("<b>bold</b>", 600), new ValueCount("plain & simple", 400)],
            },
            new ColumnProfile { Name = "country", Kind = ColumnKind.Categorical, Count = 1000, Distinct = 1, TopValues = [new ValueCount("NZ", 1000)] },
        ],
    };

    public static RunReport Binary()
    {
        // The six-row case of BinaryMetricsTests: auc 7/9 against a constant baseline's 0.5.
        bool[] actual = [true, false, true, true, false, false];
        var test = BinaryMetrics.Compute(actual, [0.9, 0.8, 0.7, 0.4, 0.3, 0.2], "No", "Yes");
        var baseline = BinaryMetrics.Compute(actual, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], "No", "Yes");
        var train = BinaryMetrics.Compute(actual, [0.9, 0.2, 0.8, 0.7, 0.3, 0.1], "No", "Yes");
        var gates = QualityGates.Evaluate([QualityGate.Parse("auc >= 0.7"), QualityGate.Parse("f1 >= 0.9"), QualityGate.Parse("beats_baseline")], test, baseline);
        return new RunReport
        {
            Title = "Churn model — run 7",
            RunId = "run-7",
            ModelName = "churn",
            ModelVersion = 3,
            Task = TaskKind.Binary,
            Profile = Profile(),
            Candidates =
            [
                new CandidateRow("FastTree", 0.74, 0.02, test.Metrics, 12.5, false),
                new CandidateRow("LightGbm", 0.79, 0.015, test.Metrics, 8.4, true),
            ],
            Test = test,
            Baseline = baseline,
            Verdict = FitDiagnosis.Diagnose(TaskKind.Binary, train, test, baseline, cvMean: 0.79),
            Gates = gates,
            Decision = "rejected: 1 quality gate failed",
            CreatedAt = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero),
        };
    }

    public static RunReport Regression(int rows)
    {
        var residuals = Enumerable.Range(0, rows).Select(i => (Actual: 100.0 + i, Predicted: 100.0 + i + (i % 7 - 3))).ToList();
        var test = RegressionMetrics.Compute(residuals.Select(r => r.Actual).ToList(), residuals.Select(r => r.Predicted).ToList());
        double mean = residuals.Average(r => r.Actual);
        var baseline = RegressionMetrics.Compute(residuals.Select(r => r.Actual).ToList(), residuals.Select(_ => mean).ToList());
        return new RunReport
        {
            Title = "House prices",
            RunId = "run-8",
            ModelName = "ames",
            Task = TaskKind.Regression,
            Test = test,
            Baseline = baseline,
            Residuals = residuals,
            Decision = "promoted to champion",
        };
    }
}
