using System.Diagnostics;
using MLCycle.Profiling;

namespace MLCycle.Bench;

/// <summary>
/// Profiles a 1,000,000 x 50 CSV with MLCycle and, in the same run on the same file, with pandas
/// (read_csv + describe(include="all") + value_counts() per column), and reports both times and the ratio: MLCycle as the
/// whole `mlcycle profile` process a user runs (published ReadyToRun) and as a call inside this process; pandas timed
/// inside Python after its import (its best case) and as the whole `python3` process.
/// </summary>
public static class ProfileBenchmark
{
    private const int Rows = 1_000_000;
    private const int Runs = 3;

    private const string PandasScript = """
        import sys, time
        t0 = time.perf_counter()
        import pandas as pd
        t = time.perf_counter()
        df = pd.read_csv(sys.argv[1])
        df.describe(include="all")
        for c in df.columns: df[c].value_counts()
        print(time.perf_counter() - t, time.perf_counter() - t0)
        """;

    public static async Task MeasureAsync(string work)
    {
        var path = Path.Combine(work, "wide1m.csv");
        WideCsv.Write(path, Rows);
        var size = new FileInfo(path).Length;
        var cli = await PublishedCli.PublishAsync(Path.Combine(work, "cli"));

        // Each tool runs three times in turn and its best time counts (the first MLCycle run also pays for JIT compilation).
        var ours = new List<(TimeSpan Time, StageClock Stages, DatasetProfile Profile)>();
        var processes = new List<double>();
        var theirs = new List<(double Script, double Process)>();
        for (var run = 0; run < Runs; run++)
        {
            processes.Add((await cli.TimeAsync(work, "profile", path)).TotalSeconds);
            var clock = Stopwatch.StartNew();
            var stages = new StageClock(clock);
            var profile = await new DatasetProfiler().ProfileAsync(path, null, new ProfileOptions { Progress = stages });
            ours.Add((clock.Elapsed, stages, profile));
            if (await RunPandasAsync(path) is { } seconds) theirs.Add(seconds);
        }
        var best = ours.MinBy(r => r.Time);
        var mlcycle = best.Time.TotalSeconds;
        var process = processes.Min();

        Console.WriteLine();
        Console.WriteLine($"## Profile of {Rows:N0} rows x {best.Profile.Columns.Count} columns ({size / 1e6:0} MB CSV), best of {Runs} runs each");
        Console.WriteLine("| tool | seconds (best) | every run |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| MLCycle, whole `mlcycle profile FILE` process | {process:0.00} | {Listed(processes)} |");
        Console.WriteLine($"| MLCycle, `DatasetProfiler` call in this process | {mlcycle:0.00} | {Listed(ours.Select(r => r.Time.TotalSeconds))} |");
        if (theirs.Count > 0)
        {
            var version = PandasVersion();
            Console.WriteLine($"| pandas {version}, timed in Python after `import pandas` | {theirs.Min(t => t.Script):0.00} | {Listed(theirs.Select(t => t.Script))} |");
            Console.WriteLine($"| pandas {version}, whole `python3` process | {theirs.Min(t => t.Process):0.00} | {Listed(theirs.Select(t => t.Process))} |");
            Console.WriteLine();
            Console.WriteLine("| ratio (best against best) | value | target |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine($"| pandas in Python / `mlcycle profile` process | {theirs.Min(t => t.Script) / process:0.0}x | >= 5x |");
            Console.WriteLine($"| pandas process / `mlcycle profile` process | {theirs.Min(t => t.Process) / process:0.0}x | |");
            Console.WriteLine($"| pandas in Python / `DatasetProfiler` in process | {theirs.Min(t => t.Script) / mlcycle:0.0}x | |");
        }
        else Console.WriteLine("| pandas | not installed (apt-get install python3-pandas) | |");
        Console.WriteLine();
        Console.WriteLine("MLCycle's time by stage in its best run, from the profiler's own stage reports:");
        Console.WriteLine("| stage | seconds |");
        Console.WriteLine("|---|---|");
        foreach (var (stage, seconds) in best.Stages.Durations(best.Time)) Console.WriteLine($"| {stage} | {seconds:0.00} |");
    }

    private static string Listed(IEnumerable<double> seconds) =>
        string.Join(", ", seconds.Select(s => s.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));

    private sealed class StageClock(Stopwatch clock) : IProgress<string>
    {
        private readonly List<(string Stage, TimeSpan At)> _marks = [("Opening the file and sniffing its types (DuckDB)", TimeSpan.Zero)];

        public void Report(string value) => _marks.Add((value, clock.Elapsed));

        public IEnumerable<(string Stage, double Seconds)> Durations(TimeSpan end) =>
            _marks.Select((m, i) => (m.Stage, ((i + 1 < _marks.Count ? _marks[i + 1].At : end) - m.At).TotalSeconds));
    }

    private static async Task<(double Script, double Process)?> RunPandasAsync(string path)
    {
        if (!File.Exists("/usr/bin/python3")) return null;
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(PandasScript);
        info.ArgumentList.Add(path);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var whole = clock.Elapsed.TotalSeconds;
        var parts = output.Trim().Split(' ');
        return process.ExitCode == 0 && double.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var s) ? (s, whole) : null;
    }

    private static string PandasVersion()
    {
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", "import pandas; print(pandas.__version__)"]) { RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        return process.StandardOutput.ReadToEnd().Trim();
    }
}
