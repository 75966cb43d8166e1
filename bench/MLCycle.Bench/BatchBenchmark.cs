using System.Diagnostics;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Bench;

/// <summary>Batch scoring of a 200,000-row CSV with the LightGBM model: CSV in, CSV with predictions out.</summary>
public static class BatchBenchmark
{
    private const int Rows = 200_000;

    public static async Task MeasureAsync(TrainedStore trained)
    {
        var input = Path.Combine(Path.GetDirectoryName(trained.DataPath)!, "score200k.csv");
        SyntheticData.WriteCsv(input, Rows, seed: 7);
        var output = Path.ChangeExtension(input, ".scored.csv");
        await using var store = await MLCycleStore.OpenAsync(trained.StoreDirectory);
        var scorer = new BatchScorer(store.Registry, store.Artifacts);
        await scorer.ScoreFileAsync($"{trained.ModelName}:1", trained.DataPath, output); // warm-up: JIT and model load

        var clock = Stopwatch.StartNew();
        var result = await scorer.ScoreFileAsync($"{trained.ModelName}:1", input, output);
        clock.Stop();
        Console.WriteLine();
        Console.WriteLine("## Batch scoring");
        Console.WriteLine("| rows | algorithm | seconds | rows/s | target |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| {result.ScoredRows:N0} | {result.Algorithm} | {clock.Elapsed.TotalSeconds:0.00} | {result.ScoredRows / clock.Elapsed.TotalSeconds:N0} | >= 100,000 |");
    }
}
