using System.Diagnostics;
using MLCycle.Pipelines;
using MLCycle.Storage;

namespace MLCycle.Bench;

/// <summary>
/// Whole runs of a spec that gives only data.path and data.target (the default search budget) beside the four fixed
/// candidates of before, on telco (7,043 rows) and on the seeded 40,000-row table.
/// </summary>
public static class TuneBenchmark
{
    public static async Task MeasureAsync(string work, string telco)
    {
        var data = Path.Combine(work, "churn40k.csv");
        SyntheticData.WriteCsv(data, RunBenchmark.Rows);
        File.Copy(telco, Path.Combine(work, "telco_churn.csv"));
        Console.WriteLine();
        Console.WriteLine("## Default run (no train key) against the four fixed candidates");
        Console.WriteLine("| data | spec | winner | trials | test AUC | seconds (whole run) | search |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (file, target) in new[] { ("telco_churn.csv", "churn"), ("churn40k.csv", "churned") })
        {
            await MeasureAsync(work, file, target, "fixed", $"train: {{ algorithms: [lightgbm, fasttree, linear, baseline], cv: 5 }}\n");
            await MeasureAsync(work, file, target, "default", "");
        }
    }

    private static async Task MeasureAsync(string work, string file, string target, string label, string train)
    {
        var spec = Path.Combine(work, $"{label}-{file}.yaml");
        await File.WriteAllTextAsync(spec, $"name: tune-{label}\ndata: {{ path: {file}, target: {target} }}\n{train}");
        var clock = Stopwatch.StartNew();
        var input = await PipelinePreflight.CheckAsync(SpecLoader.Load(spec));
        RunSummary summary;
        await using (var store = await MLCycleStore.OpenAsync(Path.Combine(work, "store")))
            summary = await new PipelineRunner(store).RunAsync(input, new Progress<string>(Console.Error.WriteLine));
        clock.Stop();
        Console.WriteLine($"| {file} | {label} | {summary.Winner} | {summary.Trials.Count} | {summary.TestMetrics["auc"]:0.0000} | {clock.Elapsed.TotalSeconds:0.0} | {summary.Search ?? "none"} |");
    }
}
