using System.Diagnostics;
using MLCycle.Profiling;

namespace MLCycle.Bench;

/// <summary>
/// Profiles a 1,000,000 x 50 CSV with MLCycle and, in the same run on the same file, with pandas
/// (read_csv + describe(include="all") + value_counts() per column), and reports both times and the ratio.
/// </summary>
public static class ProfileBenchmark
{
    private const int Rows = 1_000_000;
    private const int Runs = 3;

    private const string PandasScript = """
        import sys, time, pandas as pd
        t = time.perf_counter()
        df = pd.read_csv(sys.argv[1])
        df.describe(include="all")
        for c in df.columns: df[c].value_counts()
        print(time.perf_counter() - t)
        """;

    public static async Task MeasureAsync(string work)
    {
        var path = Path.Combine(work, "wide1m.csv");
        WideCsv.Write(path, Rows);
        var size = new FileInfo(path).Length;

        // Each tool runs three times in turn and its best time counts (the first MLCycle run also pays for JIT compilation).
        var ours = new List<(TimeSpan Time, StageClock Stages, DatasetProfile Profile)>();
        var theirs = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            var stages = new StageClock(clock);
            var profile = await new DatasetProfiler().ProfileAsync(path, null, new ProfileOptions { Progress = stages });
            ours.Add((clock.Elapsed, stages, profile));
            if (await RunPandasAsync(path) is { } seconds) theirs.Add(seconds);
        }
        var best = ours.MinBy(r => r.Time);
        var mlcycle = best.Time.TotalSeconds;

        Console.WriteLine();
        Console.WriteLine($"## Profile of {Rows:N0} rows x {best.Profile.Columns.Count} columns ({size / 1e6:0} MB CSV), best of {Runs} runs each");
        Console.WriteLine("| tool | seconds (best) | every run | ratio (pandas / MLCycle) | target |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| MLCycle `DatasetProfiler` | {mlcycle:0.00} | {Listed(ours.Select(r => r.Time.TotalSeconds))} | | |");
        Console.WriteLine(theirs.Count > 0
            ? $"| pandas {PandasVersion()} | {theirs.Min():0.00} | {Listed(theirs)} | {theirs.Min() / mlcycle:0.0}x | >= 5x |"
            : "| pandas | not installed (apt-get install python3-pandas) | | | >= 5x |");
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

    private static async Task<double?> RunPandasAsync(string path)
    {
        if (!File.Exists("/usr/bin/python3")) return null;
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(PandasScript);
        info.ArgumentList.Add(path);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 && double.TryParse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null;
    }

    private static string PandasVersion()
    {
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", "import pandas; print(pandas.__version__)"]) { RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        return process.StandardOutput.ReadToEnd().Trim();
    }
}
