using System.Globalization;
using System.Text;
using MLCycle.Data;
using MLCycle.Monitoring;
using MLCycle.Profiling;
using MLCycle.Profiling.Drift;
using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Tests.Serving;
using MLCycle.Tests.Storage;

namespace MLCycle.Tests.Monitoring;

/// <summary>
/// `monitor --data` reads a file in one parallel pass of the profiler's CSV reader (docs/adr/0038); these tests hold it to the
/// batch path it replaced (DuckDB batches, every row scored: <see cref="DriftCheck.ScoreSample"/> = 0) on a seeded file with
/// missing values, quoted fields, exponents, booleans, dates and categories the reference never saw.
/// </summary>
public sealed class DriftFileScanTests(PackagedModelFixture fixture) : IClassFixture<PackagedModelFixture>, IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task CheckFileAsync_scan_gives_the_batch_paths_statistics_and_verdicts()
    {
        await using var store = await MLCycleStore.OpenAsync(temp.Path);
        await RegisterAsync(store, "scanned");
        var data = WriteCurrent(Path.Combine(temp.Path, "current.csv"), 60_000, seed: 3);
        Assert.True(new FileInfo(data).Length > 4 << 20, "the file must be big enough for the reader to split it between the cores");

        var batch = await Check(store, scoreSample: 0).CheckFileAsync("scanned", data);
        var scan = await Check(store, scoreSample: 100_000).CheckFileAsync("scanned", data);

        Assert.Equal(60_000, batch.Rows);
        Assert.Equal(batch.Rows, scan.Rows);
        Assert.Equal(batch.Rows, scan.ScoredRows);
        Assert.Equal(batch.RejectedRows, scan.RejectedRows);
        Assert.Equal(batch.Drift.DriftedFeatures, scan.Drift.DriftedFeatures);
        Assert.Equal(batch.Drift.AnyDrift, scan.Drift.AnyDrift);
        Assert.Equal(batch.Drift.Features.Count, scan.Drift.Features.Count);
        for (var i = 0; i < batch.Drift.Features.Count; i++) AssertSame(batch.Drift.Features[i], scan.Drift.Features[i]);
        Assert.NotNull(batch.Drift.Prediction);
        AssertSame(batch.Drift.Prediction!, scan.Drift.Prediction!);
        // The file was built to move x and bring a colour the training data never had: the comparison is not of two blanks.
        Assert.Contains("x", scan.Drift.DriftedFeatures);
        Assert.Contains("color", scan.Drift.DriftedFeatures);
        Assert.True(scan.Drift.Features.Single(f => f.Name == "x").CurrentMissing > 5_000, "x has empty fields");
    }

    [Fact]
    public async Task CheckFileAsync_score_sample_scores_that_many_rows_and_tests_predictions_on_them()
    {
        await using var store = await MLCycleStore.OpenAsync(temp.Path);
        await RegisterAsync(store, "sampled");
        var data = WriteCurrent(Path.Combine(temp.Path, "current.csv"), 60_000, seed: 4);

        var first = await Check(store, scoreSample: 5_000).CheckFileAsync("sampled", data);
        var again = await Check(store, scoreSample: 5_000).CheckFileAsync("sampled", data);
        var every = await Check(store, scoreSample: 100_000).CheckFileAsync("sampled", data);

        Assert.Equal(60_000, first.Rows);
        // A bar from the estimated row count lets about 1.5 times the sample in, so the sample is full whatever the file.
        Assert.Equal(5_000, first.ScoredRows);
        var prediction = first.Drift.Prediction!;
        Assert.Equal(5_000, prediction.CurrentCount + prediction.CurrentMissing);
        Assert.Equal(prediction, again.Drift.Prediction);
        // Features still count every row: the sample is only for scoring.
        Assert.Equal(every.Drift.Features.Select(f => f.CurrentCount + f.CurrentMissing), first.Drift.Features.Select(f => f.CurrentCount + f.CurrentMissing));
        Assert.All(first.Drift.Features, f => Assert.Equal(60_000, f.CurrentCount + f.CurrentMissing));
    }

    public void Dispose() => temp.Dispose();

    private static void AssertSame(FeatureDrift expected, FeatureDrift actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.CurrentCount, actual.CurrentCount);
        Assert.Equal(expected.CurrentMissing, actual.CurrentMissing);
        Assert.Equal(expected.Drifted, actual.Drifted);
        Assert.Equal(expected.Significant, actual.Significant);
        Assert.Equal(expected.Note, actual.Note);
        // Counts are exact; only the sums of values outside the reference range are added in another order.
        foreach (var (e, a) in new[]
                 {
                     (expected.Psi, actual.Psi), (expected.JensenShannon, actual.JensenShannon), (expected.Wasserstein, actual.Wasserstein),
                     (expected.KsStatistic, actual.KsStatistic), (expected.KsPValue, actual.KsPValue), (expected.ChiSquare, actual.ChiSquare),
                     (expected.ChiSquarePValue, actual.ChiSquarePValue), (expected.AdjustedPValue, actual.AdjustedPValue),
                 })
        {
            Assert.Equal(e.HasValue, a.HasValue);
            if (e is { } ev) Assert.True(Math.Abs(ev - a!.Value) <= 1e-9 * Math.Max(1, Math.Abs(ev)), $"{expected.Name}: {ev} vs {a}");
        }
    }

    private static DriftCheck Check(MLCycleStore store, int scoreSample) =>
        new(store.Registry, store.Predictions, store.Artifacts) { ScoreSample = scoreSample };

    // The binary package (x, color, flag, when) with the profile of the data it was trained on as its reference.
    private async Task RegisterAsync(MLCycleStore store, string name)
    {
        var training = Path.Combine(temp.Path, "training.csv");
        WriteCurrent(training, 3_000, seed: 1, shifted: false);
        var profile = await new DatasetProfiler().ProfileAsync(training);
        var run = await store.Tracking.CreateRunAsync("monitoring", name);
        var outcome = fixture.Binary.Outcome;
        var manifest = outcome.CreateManifest(name, profile, run.RunId);
        var local = Path.Combine(temp.Path, "package-" + name);
        await ModelPackage.SaveAsync(local, outcome.Model, manifest);
        await store.Registry.CreateModelVersionAsync(name, run.RunId, await store.Artifacts.PutDirectoryAsync(run.RunId, "model", local));
    }

    // Seeded rows in the spellings a CSV holds: empty fields, quoted numbers and categories, exponents, true/false beside 1/0,
    // a quoted note with a comma and a doubled quote; shifted, x moves up and a colour unseen in training appears.
    private static string WriteCurrent(string path, int rows, int seed, bool shifted = true)
    {
        var random = new Random(seed);
        var colors = shifted ? new[] { "red", "green", "blue", "purple" } : ["red", "green", "blue"];
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.WriteLine("x,color,flag,when,note");
        for (var r = 0; r < rows; r++)
        {
            var v = random.NextDouble() * 10 + (shifted ? 3 : 0);
            var x = r % 11 == 0 ? "" : r % 7 == 0 ? (v * 1000).ToString("0.###", CultureInfo.InvariantCulture) + "e-3"
                : r % 5 == 0 ? $"\"{v.ToString("0.####", CultureInfo.InvariantCulture)}\"" : v.ToString("0.####", CultureInfo.InvariantCulture);
            var c = colors[random.Next(colors.Length)];
            var color = r % 17 == 0 ? "" : r % 9 == 0 ? $"\"{c}\"" : c;
            var bit = random.Next(2);
            var flag = r % 23 == 0 ? "" : r % 3 == 0 ? (bit == 1 ? "true" : "false") : bit.ToString(CultureInfo.InvariantCulture);
            var when = r % 29 == 0 ? "" : start.AddHours(random.Next(24 * 300)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            w.WriteLine($"{x},{color},{flag},{when},\"row {r}, a \"\"quoted\"\" note padding the line to split the file\"");
        }
        return path;
    }
}
