using System.Diagnostics;
using MLCycle.Pipelines;
using MLCycle.Storage;

namespace MLCycle.Bench;

/// <summary>
/// Trains an mlp model (`mlcycle run` with mlp and the baseline, 2-fold CV) on 5,000 rows of the synthetic churn data,
/// then measures the serving route on it as <see cref="ServingBenchmark"/> does for LightGBM.
/// </summary>
public static class MlpServingBenchmark
{
    // Fewer rows than the LightGBM run: serving cost does not depend on them, and the network's fits stay short on a shared machine.
    public const int Rows = 5_000;

    public static async Task MeasureAsync(string work)
    {
        var data = Path.Combine(work, "churn5k.csv");
        SyntheticData.WriteCsv(data, Rows);
        var specPath = Path.Combine(work, "mlp.yaml");
        await File.WriteAllTextAsync(specPath, """
            name: bench-mlp
            data: { path: churn5k.csv, target: churned }
            train: { algorithms: [mlp, baseline], cv: 2 }
            """);
        var storeDir = Path.Combine(work, "store");
        var clock = Stopwatch.StartNew();
        var input = await PipelinePreflight.CheckAsync(SpecLoader.Load(specPath));
        RunSummary summary;
        await using (var store = await MLCycleStore.OpenAsync(storeDir))
            summary = await new PipelineRunner(store).RunAsync(input);
        clock.Stop();

        Console.WriteLine();
        Console.WriteLine($"## mlp model: {Rows:N0} x 10 rows, trained by `mlcycle run` (mlp + baseline, 2-fold CV) in {clock.Elapsed.TotalSeconds:0.0} s, test AUC {summary.TestMetrics["auc"]:0.000}");
        await ServingBenchmark.MeasureAsync(new TrainedStore(storeDir, data, "bench-mlp"));
    }
}
