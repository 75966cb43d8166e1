using System.Globalization;
using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Yaml;
using YamlDotNet.RepresentationModel;

namespace MLCycle.Pipelines;

/// <summary>
/// Reads the <c>evaluate</c> section: gates, the ranking metric, extra <c>test_sets</c> (files relative to the spec, as
/// <c>data.path</c>) and <c>slices</c> (a column name, or <c>{column: tenure, bins: [0, 12, 24, 60]}</c>).
/// </summary>
internal static class EvaluateSpecReader
{
    private static readonly string[] Keys = ["gates", "metric", "test_sets", "slices", "baseline", "baseline_key", "promote_if"];
    private static readonly Dictionary<string, bool> PromoteIf = new() { ["better"] = false, ["significant"] = true };

    public static EvaluateSpec Read(SpecMapping? evaluate, string directory)
    {
        if (evaluate is null) return new EvaluateSpec();
        evaluate.RejectUnknownKeys(Keys);
        // The metric is checked against the task's metrics once the task is known (GateCheck).
        return new EvaluateSpec
        {
            Gates = evaluate.List("gates") ?? [],
            Metric = evaluate.Text("metric")?.Trim().ToLowerInvariant(),
            TestSets = TestSets(evaluate, directory),
            Slices = Slices(evaluate),
            Baseline = Baseline(evaluate, directory),
            BaselineKey = evaluate.Text("baseline_key") is { } key ? evaluate.ColumnName("baseline_key", key.Trim()) : null,
            PromoteIfSignificant = evaluate.Choice("promote_if", PromoteIf) ?? false,
        };
    }

    // A missing file is named now, with the key's line, rather than after training.
    private static List<string> TestSets(SpecMapping evaluate, string directory)
    {
        var paths = new List<string>();
        foreach (var text in evaluate.List("test_sets") ?? [])
        {
            var path = text.Trim();
            if (!path.Contains("://", StringComparison.Ordinal) && !SourceAddress.IsAddress(path))
            {
                path = Path.GetFullPath(Path.Combine(directory, path));
                if (!File.Exists(path)) throw evaluate.Invalid("test_sets", $"test set '{text.Trim()}' not found (looked for {path}).");
            }
            if (paths.Contains(path)) throw evaluate.Invalid("test_sets", $"test set '{text.Trim()}' is listed twice.");
            paths.Add(path);
        }
        if (paths.Select(Path.GetFileNameWithoutExtension).GroupBy(s => s, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
            throw evaluate.Invalid("test_sets", $"two test sets are named '{clash.Key}'; their metrics (test_set.{clash.Key}.*) would clash, so rename one.");
        return paths;
    }

    private static string? Baseline(SpecMapping evaluate, string directory)
    {
        if (evaluate.Text("baseline")?.Trim() is not { Length: > 0 } text)
            return evaluate.Text("baseline_key") is null ? null : throw evaluate.Invalid("baseline_key", "names the key of an expert's file; give the file with 'evaluate.baseline' too.");
        if (text.Contains("://", StringComparison.Ordinal) || SourceAddress.IsAddress(text)) return text;
        var path = Path.GetFullPath(Path.Combine(directory, text));
        return File.Exists(path) ? path : throw evaluate.Invalid("baseline", $"the expert's file '{text}' not found (looked for {path}).");
    }

    private static List<SliceSpec> Slices(SpecMapping evaluate)
    {
        if (evaluate.ValueNode("slices") is not { } node) return [];
        if (node is not YamlSequenceNode items)
            throw evaluate.Invalid("slices", "expected a list such as [contract, {column: tenure, bins: [0, 12, 24, 60]}].");
        var slices = new List<SliceSpec>();
        for (int i = 0; i < items.Children.Count; i++)
        {
            string where = $"evaluate.slices[{i}]";
            switch (items.Children[i])
            {
                case YamlScalarNode { Value: { } name } when name.Trim().Length > 0:
                    slices.Add(new SliceSpec(evaluate.ColumnName("slices", name.Trim())));
                    break;
                case YamlMappingNode mapping:
                    var slice = new SpecMapping(mapping, evaluate.File, where);
                    slice.RejectUnknownKeys(["column", "bins"]);
                    var column = slice.ColumnName("column", slice.RequiredText("column").Trim());
                    var bins = slice.List("bins");
                    if (bins is null) { slices.Add(new SliceSpec(column)); break; }
                    var edges = new List<double>();
                    foreach (var bin in bins)
                    {
                        if (!double.TryParse(bin, NumberStyles.Float, CultureInfo.InvariantCulture, out var edge) || !double.IsFinite(edge))
                            throw slice.Invalid("bins", $"expected numbers such as [0, 12, 24, 60], found '{bin}'.");
                        edges.Add(edge);
                    }
                    try { slices.Add(SliceSpec.Create(column, edges, $"{evaluate.File}: '{where}.bins'")); }
                    catch (MLCycleException e) { throw slice.Invalid("bins", e.Message); }
                    break;
                default:
                    throw evaluate.Fail(items.Children[i].Start, where, "expected a column name or {column: NAME, bins: [0, 12, 24, 60]}.");
            }
        }
        return slices;
    }
}
