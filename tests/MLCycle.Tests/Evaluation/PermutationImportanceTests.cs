using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Metrics;

namespace MLCycle.Tests.Evaluation;

public sealed class PermutationImportanceTests
{
    private static Table Synthetic(int rows, int seed, out double[] label)
    {
        var random = new Random(seed);
        var signal = new double[rows];
        var noise = new double[rows];
        label = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            signal[i] = random.NextDouble() * 2 - 1;
            noise[i] = random.NextDouble();
            label[i] = signal[i] + 0.3 * (random.NextDouble() - 0.5) > 0 ? 1 : 0;
        }
        return new Table([
            TableColumn.FromNumbers(new ColumnInfo("signal", ColumnKind.Numeric, "DOUBLE"), signal),
            TableColumn.FromNumbers(new ColumnInfo("noise", ColumnKind.Numeric, "DOUBLE"), noise),
        ]);
    }

    [Fact]
    public void Compute_label_from_one_column_ranks_it_first_and_noise_near_zero()
    {
        var table = Synthetic(800, 7, out var label);
        // A "model" that reads both columns, leaning on the signal and a little on the noise, scored by the real metric suite.
        EvaluationResult Evaluate(Table t)
        {
            var s = t["signal"].Numbers!;
            var n = t["noise"].Numbers!;
            var p = Enumerable.Range(0, t.RowCount).Select(i => new[] { 0.0, 1 / (1 + Math.Exp(-(6 * s[i] + 0.01 * n[i]))) }).Select(v => { v[0] = 1 - v[1]; return v; }).ToArray();
            return BinaryMetrics.Compute(new ClassificationInput
            {
                Classes = ["0", "1"],
                Actual = label.Select(l => (int)l).ToArray(),
                Predicted = p.Select(v => v[1] > 0.5 ? 1 : 0).ToArray(),
                Probabilities = p,
            }, 1);
        }

        var importance = PermutationImportance.Compute(table, ["noise", "signal"], Evaluate, new MetricDirection("roc_auc", true));

        Assert.Equal(["signal", "noise"], importance.Select(f => f.Column));
        // Shuffling the signal takes the AUC from about 0.98 to about 0.5.
        Assert.InRange(importance[0].Mean, 0.35, 0.6);
        Assert.True(importance[0].Sd > 0);
        Assert.True(Math.Abs(importance[1].Mean) <= 2 * importance[1].Sd + 1e-3, $"noise {importance[1].Mean} ± {importance[1].Sd}");
    }

    [Fact]
    public void Compute_twice_gives_the_same_importance()
    {
        var table = Synthetic(400, 3, out var label);
        EvaluationResult Evaluate(Table t)
        {
            var s = t["signal"].Numbers!;
            var p = Enumerable.Range(0, t.RowCount).Select(i => 1 / (1 + Math.Exp(-4 * s[i]))).ToArray();
            return BinaryMetrics.Compute(new ClassificationInput
            {
                Classes = ["0", "1"],
                Actual = label.Select(l => (int)l).ToArray(),
                Predicted = p.Select(v => v > 0.5 ? 1 : 0).ToArray(),
                Probabilities = p.Select(v => new[] { 1 - v, v }).ToArray(),
            }, 1);
        }

        var first = PermutationImportance.Compute(table, ["noise", "signal"], Evaluate, new MetricDirection("roc_auc", true));
        var second = PermutationImportance.Compute(table, ["noise", "signal"], Evaluate, new MetricDirection("roc_auc", true));

        Assert.Equal(first.Select(f => (f.Column, f.Mean, f.Sd)), second.Select(f => (f.Column, f.Mean, f.Sd)));
    }

    [Fact]
    public void Sample_wide_table_keeps_at_most_the_cell_budget_and_is_seeded()
    {
        var table = Synthetic(3_000, 1, out _);
        var options = new ImportanceOptions { MaxRows = 5_000, MaxCells = 2_000, MinRows = 100 };

        var a = PermutationImportance.Sample(table, 2, options);
        var b = PermutationImportance.Sample(table, 2, options);

        Assert.Equal(1_000, a.RowCount);
        Assert.Equal(a["signal"].Numbers!, b["signal"].Numbers!);
        Assert.Equal(500, PermutationImportance.Sample(table, 100, options with { MinRows = 500 }).RowCount);
    }
}
