using System.Diagnostics;
using MLCycle.Pipelines;
using MLCycle.Storage;

namespace MLCycle.Bench;

/// <summary>Times the whole `mlcycle run` (read, profile, 4 candidates x 5-fold CV, package, register, report) on 40,000 rows.</summary>
public static class RunBenchmark
{
    public const int Rows = 40_000;

    /// <summary>Writes the seeded 40,000-row CSV and the spec that trains 4 candidates with 5-fold CV on it.</summary>
    public static async Task<(string Data, string Spec)> WriteInputsAsync(string work)
    {
        var data = Path.Combine(work, "churn40k.csv");
        SyntheticData.WriteCsv(data, Rows);
        var spec = Path.Combine(work, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, """
            name: bench
            data: { path: churn40k.csv, target: churned }
            train: { algorithms: [lightgbm, fasttree, linear, baseline], cv: 5 }
            evaluate: { gates: ["auc >= 0.6", "beats_baseline"] }
            """);
        return (data, spec);
    }

    public static async Task<TrainedStore> MeasureAsync(string work)
    {
        var (data, specPath) = await WriteInputsAsync(work);
        var storeDir = Path.Combine(work, "store");

        var clock = Stopwatch.StartNew();
        var spec = SpecLoader.Load(specPath);
        var input = await PipelinePreflight.CheckAsync(spec);
        RunSummary summary;
        await using (var store = await MLCycleStore.OpenAsync(storeDir))
            summary = await new PipelineRunner(store).RunAsync(input);
        clock.Stop();

        Console.WriteLine();
        Console.WriteLine("## Whole run");
        Console.WriteLine("| rows x columns | candidates | CV folds | winner | test AUC | seconds | target |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {Rows:N0} x 10 | {summary.Candidates.Count} | 5 | {summary.Winner} | {summary.TestMetrics["auc"]:0.000} | {clock.Elapsed.TotalSeconds:0.0} | <= 60 |");

        // Serving and batch targets are stated for LightGBM, so register a LightGBM-only model too (not timed).
        var lightGbmSpec = Path.Combine(work, "lightgbm.yaml");
        await File.WriteAllTextAsync(lightGbmSpec, """
            name: bench-lightgbm
            data: { path: churn40k.csv, target: churned }
            train: { algorithms: [lightgbm, baseline], cv: 2 }
            """);
        var lightGbmInput = await PipelinePreflight.CheckAsync(SpecLoader.Load(lightGbmSpec));
        await using (var store = await MLCycleStore.OpenAsync(storeDir))
            await new PipelineRunner(store).RunAsync(lightGbmInput);
        return new TrainedStore(storeDir, data, "bench-lightgbm");
    }
}

/// <summary>A store holding a trained model, and the data it was trained on.</summary>
public sealed record TrainedStore(string StoreDirectory, string DataPath, string ModelName);
