using System.Diagnostics;
using System.Globalization;
using MLCycle.Server.Apis;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Bench;

/// <summary>
/// The tree walk alone (<c>CompiledTrees.Sum</c>, ADR 0056 and 0079): the overload benchmark's LightGBM trees over the features of
/// its 10,000-row request, in blocks of 64 rows as the serving pool walks them, on one thread. Wall time per row; the scoring
/// phase of <c>bigreq</c> is the same walk with preparation and the answer around it.
/// </summary>
public static class TreeWalkBenchmark
{
    public const string Verb = "treewalk";
    private const int Rows = 10_000;

    public static async Task MeasureAsync(string work, int repeats)
    {
        var (storePath, data) = await OverloadBenchmark.TrainAsync(work);
        await using var store = await MLCycleStore.OpenAsync(storePath);
        using var cache = new ModelCache(store.Registry, store.Artifacts);
        var served = await cache.GetAsync("bench-lightgbm");
        var scoring = served.Model.Scoring;
        if (scoring.Engines is not TreeEnginePool { Preparation: { } preparation } pool)
            throw new InvalidOperationException("the overload model is not walked by MLCycle (its trees or preparation were not taken)");
        var trees = pool.Scorer.Trees;
        var width = trees.FeatureCount;
        using var parsed = await PredictRequestReader.ReadAsync(new MemoryStream(OverloadBenchmark.Body(data, Rows)), CancellationToken.None);
        var features = new float[Rows * width];
        var rows = 0;
        scoring.Score(parsed.Rows, (_, encoded) =>
        {
            foreach (var row in encoded)
            {
                var dense = features.AsSpan(rows * width, width);
                if (row is not null && preparation.TryWrite(row, dense) && !dense.Contains(float.NaN)) rows++;
            }
        });
        var sums = new double[rows];
        // Rows walked one at a time take the walk's other path: both must give the same sums.
        var alone = new double[rows];
        for (var r = 0; r < rows; r++) trees.Sum(features.AsSpan(r * width, width), alone.AsSpan(r, 1), [false]);
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 2) Walk(trees, features, sums);
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < repeats; i++) Walk(trees, features, sums);
        var ms = wall.Elapsed.TotalMilliseconds / repeats;
        Console.WriteLine($"## The tree walk alone ({trees.TreeCount} trees, {trees.Splits().Count()} splits, {width} features; {rows:N0} rows; {repeats} repeats after 2 s of warm-up; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ms:0.00} ms per {rows:N0} rows, {ms * 1e6 / rows:0} ns a row; the same sums as rows walked one at a time: {alone.AsSpan().SequenceEqual(sums)}"));
    }

    private static void Walk(CompiledTrees trees, float[] features, double[] sums)
    {
        Array.Clear(sums);
        trees.SumInBlocks(features, sums);
    }
}
