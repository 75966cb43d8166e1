using System.Text.Json;
using MLCycle.Metrics;
using MLCycle.Tests.Evaluation;

namespace MLCycle.Tests.Metrics;

/// <summary>
/// Every metric against scikit-learn 1.2's value on the cases in reference/sklearn_reference.json (made by make_reference.py):
/// seeded random cases and edge cases (ties, one class, a class never predicted, one row, constant target, weights).
/// </summary>
public sealed class ScikitLearnReferenceTests
{
    private static readonly Lazy<JsonElement[]> Cases = new(() =>
    {
        using var stream = File.OpenRead(RepoRoot.File("tests", "MLCycle.Tests", "Metrics", "reference", "sklearn_reference.json"));
        return JsonDocument.Parse(stream).RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    });

    public static TheoryData<string> CaseNames() => [.. Cases.Value.Select(c => c.GetProperty("name").GetString()!)];

    [Fact]
    public void Reference_coversEveryTaskAndEdgeCase_hasTheCases()
    {
        var names = Cases.Value.Select(c => c.GetProperty("name").GetString()!).ToList();
        Assert.True(names.Count >= 25, $"{names.Count} cases");
        foreach (var part in (string[])["ties", "one class", "never predicted", "single row", "constant target", "weight", "absent from actual"])
            Assert.Contains(names, n => n.Contains(part, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Compute_referenceCase_equalsScikitLearn(string name)
    {
        var c = Cases.Value.Single(x => x.GetProperty("name").GetString() == name);
        var result = Evaluate(c);

        var expected = c.GetProperty("expected");
        foreach (var metric in expected.EnumerateObject())
        {
            Assert.True(result.Metrics.TryGetValue(metric.Name, out double ours), $"{name}: no {metric.Name}");
            double theirs = metric.Value.GetDouble();
            double tolerance = (metric.Name == "log_loss" ? 1e-6 : 1e-9) * Math.Max(1, Math.Abs(theirs));
            Assert.True(Math.Abs(ours - theirs) <= tolerance, $"{name}: {metric.Name} = {ours:R}, scikit-learn {theirs:R}");
        }
        foreach (var metric in c.GetProperty("absent").EnumerateObject())
        {
            Assert.True(double.IsNaN(result.Metrics[metric.Name]), $"{name}: {metric.Name} = {result.Metrics[metric.Name]}, scikit-learn: {metric.Value}");
            Assert.True(result.Notes.ContainsKey(metric.Name), $"{name}: {metric.Name} is undefined without a note why");
        }
        // Every metric we report for the task is checked: none escapes the reference.
        var checkedKeys = expected.EnumerateObject().Select(m => m.Name).Concat(c.GetProperty("absent").EnumerateObject().Select(m => m.Name)).ToHashSet();
        Assert.DoesNotContain(result.Metrics.Keys, k => !MetricKeys.IsLegacy(k) && !checkedKeys.Contains(k));
    }

    [Fact]
    public void Compute_legacyKeys_equalTheirScikitLearnNames()
    {
        foreach (var c in Cases.Value.Where(x => x.GetProperty("task").GetString() != "regression"))
        {
            var result = Evaluate(c);
            foreach (var (legacy, current) in MetricKeys.LegacyAliases)
            {
                if (result.Metrics.TryGetValue(legacy, out double value)) Assert.Equal(result.Metrics[current], value);
            }
        }
    }

    private static EvaluationResult Evaluate(JsonElement c)
    {
        string task = c.GetProperty("task").GetString()!;
        double[]? weights = c.GetProperty("weights").ValueKind == JsonValueKind.Null ? null : Numbers(c.GetProperty("weights"));
        if (task == "regression")
            return RegressionMetrics.Compute(Numbers(c.GetProperty("actual")), Numbers(c.GetProperty("predicted")), weights);

        var classes = c.GetProperty("classes").EnumerateArray().Select(e => e.GetString()!).ToList();
        int[] Indices(string property) => c.GetProperty(property).EnumerateArray().Select(e => classes.IndexOf(e.GetString()!)).ToArray();
        var input = new ClassificationInput
        {
            Classes = classes,
            Actual = Indices("actual"),
            Predicted = Indices("predicted"),
            Probabilities = c.GetProperty("probabilities").EnumerateArray().Select(Numbers).ToArray(),
            Weights = weights,
        };
        return task == "binary"
            ? BinaryMetrics.Compute(input, classes.IndexOf(c.GetProperty("positive").GetString()!))
            : MulticlassMetrics.Compute(input);
    }

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
