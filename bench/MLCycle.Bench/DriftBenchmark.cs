using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MLCycle.Cli;
using MLCycle.Data;
using MLCycle.Monitoring;
using MLCycle.Pipelines;
using MLCycle.Profiling.Drift;
using MLCycle.Registry;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Bench;

/// <summary>
/// A drift check of 1,000,000 rows × 50 columns as a whole process: trains a LightGBM model on 50,000 rows of the seeded
/// wide table (with a target added), writes a million more rows of the same distribution, and times
/// `mlcycle monitor --model drift --data big.csv --json` in a child process under /usr/bin/time -v, which reports the
/// child's peak resident memory (native DuckDB memory and the .NET heap alike).
/// Evidently, the Python peer of the issue, is not installable here (no PyPI), so the comparison is MLCycle before and after.
/// </summary>
public static class DriftBenchmark
{
    public const string ChildVerb = "drift-child";
    private const int TrainRows = 50_000;
    private const int Rows = 1_000_000;

    public static async Task MeasureAsync(string work, int rows = Rows)
    {
        var train = Path.Combine(work, "train.csv");
        WithTarget(Path.Combine(work, "wide-train.csv"), train, TrainRows);
        var spec = Path.Combine(work, "drift.yaml");
        await File.WriteAllTextAsync(spec, """
            name: drift
            data: { path: train.csv, target: label }
            train: { algorithms: [lightgbm], cv: 2 }
            """);
        var store = Path.Combine(work, "store");
        var clock = Stopwatch.StartNew();
        await using (var opened = await MLCycleStore.OpenAsync(store))
            await new PipelineRunner(opened).RunAsync(await PipelinePreflight.CheckAsync(SpecLoader.Load(spec)));
        Console.Error.WriteLine($"trained on {TrainRows:N0} rows in {clock.Elapsed.TotalSeconds:0} s");

        var big = Path.Combine(work, "big.csv");
        WideCsv.Write(big, rows, seed: 12);
        var size = new FileInfo(big).Length;
        Console.Error.WriteLine($"wrote {rows:N0} rows, {size / 1e6:0} MB; timing mlcycle monitor");

        Console.WriteLine();
        Console.WriteLine($"## `mlcycle monitor --data` on {rows:N0} rows x {WideCsv.NumericColumns + WideCsv.CategoricalColumns} columns ({size / 1e6:0} MB), whole process");
        Console.WriteLine("| --score-sample | exit | rows checked | rows scored | drifted features | seconds | user CPU s | peak memory (max RSS) | load (1 min) | target |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        // The default (one parallel scan, a fixed sample scored), then 0: every row scored as the file is read in batches (the path before).
        foreach (var sample in new[] { DriftCheck.DefaultScoreSample, 0 })
        {
            var (exit, seconds, userSeconds, peakKb, output) = await TimeChildAsync(big, store, sample);
            var (checkedRows, scoredRows, drifted) = Summary(output);
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            Console.WriteLine($"| {sample:N0} | {exit} | {checkedRows:N0} | {scoredRows:N0} | {drifted} | {seconds:0.0} | {userSeconds:0.0} | {peakKb / 1024.0:N0} MiB | {load} | <= 5 s, memory flat in rows |");
        }
        await PhasesAsync(big, store);
    }

    /// <summary>Where the time goes, in this process: reading the file, scoring it, and the drift statistics.</summary>
    private static async Task PhasesAsync(string big, string store)
    {
        await using var opened = await MLCycleStore.OpenAsync(store);
        var version = await opened.Registry.ResolveAsync(ModelReference.Parse("drift"));
        using var model = await LoadedModel.LoadAsync(version, opened.Artifacts);
        var types = model.Manifest.Inputs.ToDictionary(i => i.Name, i => i.Kind);
        var clock = Stopwatch.StartNew();
        var table = await new TableReader().ReadAsync(big, new TableReadOptions { Types = types });
        var read = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var scored = model.Score(table);
        var score = clock.Elapsed.TotalSeconds;
        var predictions = scored.Predictions.Where(p => p is not null).Select(p => p!).ToList();
        clock.Restart();
        DriftDetector.Detect(model.Manifest, table, predictions, new DriftOptions());
        var detect = clock.Elapsed.TotalSeconds;
        // The other way to cut the scoring: every row, in two halves scored at once (LoadedModel.Score already predicts on
        // every core, but encodes the rows on one), against scoring a sample of 100,000 rows.
        var half = table.RowCount / 2;
        var halves = new[] { table.Take(Enumerable.Range(0, half).ToList()), table.Take(Enumerable.Range(half, table.RowCount - half).ToList()) };
        clock.Restart();
        Parallel.ForEach(halves, h => model.Score(h));
        var parallelScore = clock.Elapsed.TotalSeconds;
        var step = Math.Max(1, table.RowCount / DriftCheck.DefaultScoreSample);
        var sample = table.Take(Enumerable.Range(0, table.RowCount / step).Select(i => i * step).ToList());
        clock.Restart();
        model.Score(sample);
        var sampleScore = clock.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine("| phase (in process, whole table) | seconds |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| read (TableReader, DuckDB) | {read:0.0} |");
        Console.WriteLine($"| score (LoadedModel.Score) | {score:0.0} |");
        Console.WriteLine($"| score every row, two halves at once | {parallelScore:0.0} |");
        Console.WriteLine($"| score {sample.RowCount:N0} rows | {sampleScore:0.0} |");
        Console.WriteLine($"| drift statistics (DriftDetector.Detect) | {detect:0.0} |");
    }

    /// <summary>The child's side: the CLI's monitor verb in this process, its JSON on stdout.</summary>
    public static Task<int> ChildAsync(string data, string store, string scoreSample) =>
        CliApp.RunAsync(["monitor", "--model", "drift", "--data", data, "--store", store, "--score-sample", scoreSample, "--json"], Console.Out, Console.Error);

    private static async Task<(int Exit, double Seconds, double UserSeconds, long PeakKb, string Output)> TimeChildAsync(string data, string store, int scoreSample)
    {
        var info = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-v");
        var self = Environment.ProcessPath!;
        info.ArgumentList.Add(self);
        // Started as `dotnet MLCycle.Bench.dll` the process path is the host, which needs the assembly named again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(DriftBenchmark).Assembly.Location);
        foreach (var arg in new[] { ChildVerb, data, store, scoreSample.ToString(CultureInfo.InvariantCulture) }) info.ArgumentList.Add(arg);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        var timeReport = await errors;
        var peak = timeReport.Split('\n').FirstOrDefault(l => l.Contains("Maximum resident set size", StringComparison.Ordinal));
        if (peak is null) Console.Error.WriteLine(timeReport);
        var peakKb = peak is null ? 0 : long.Parse(peak.Split(':')[1].Trim(), CultureInfo.InvariantCulture);
        // User CPU seconds: less sensitive than wall time to the other engineers' builds on the same cores.
        var user = timeReport.Split('\n').FirstOrDefault(l => l.Contains("User time (seconds)", StringComparison.Ordinal));
        var userSeconds = user is null ? 0 : double.Parse(user.Split(':')[1].Trim(), CultureInfo.InvariantCulture);
        // Exit 3 is drift found, a normal answer; anything else above 0 is a failure whose message is on stderr.
        if (process.ExitCode is not (0 or 3)) Console.Error.WriteLine(timeReport);
        return (process.ExitCode, seconds, userSeconds, peakKb, await output);
    }

    private static (long Rows, long Scored, int Drifted) Summary(string json)
    {
        try
        {
            var root = JsonDocument.Parse(json).RootElement;
            var drift = root.GetProperty("drift");
            var scored = root.TryGetProperty("scoredRows", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : 0;
            return (drift.GetProperty("currentRows").GetInt64(), scored, drift.GetProperty("driftedFeatures").GetArrayLength());
        }
        catch (JsonException)
        {
            return (0, 0, 0);
        }
    }

    /// <summary>The seeded wide table with a binary label that depends on two numeric and one categorical column, plus noise.</summary>
    private static void WithTarget(string wide, string path, int rows)
    {
        WideCsv.Write(wide, rows, seed: 11);
        var random = new Random(5);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        using var r = new StreamReader(wide);
        w.WriteLine(r.ReadLine() + ",label");
        while (r.ReadLine() is { } line)
        {
            var f = line.Split(',');
            var n0 = double.TryParse(f[0], CultureInfo.InvariantCulture, out var a) ? a : 50;
            var n1 = double.TryParse(f[1], CultureInfo.InvariantCulture, out var b) ? b : 100;
            var score = n0 / 100 - n1 / 200 + (f[WideCsv.NumericColumns].EndsWith("_v0", StringComparison.Ordinal) ? 0.3 : 0) + random.NextDouble() * 0.6 - 0.3;
            w.WriteLine($"{line},{(score > 0 ? "yes" : "no")}");
        }
        File.Delete(wide);
    }
}
