using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MLCycle.Bench;

/// <summary>
/// Times `mlcycle profile` and `mlcycle run` as whole processes on a seeded 2,000-column x 10,000-row CSV
/// (1,989 numeric columns, 10 categorical, a binary target), and the refusal of a 100,000-column header.
/// </summary>
public static class WideColumnsBenchmark
{
    public const int Columns = 2_000;
    public const int Rows = 10_000;
    private const int Categorical = 10;

    public static async Task MeasureAsync(string work)
    {
        var cli = CliPath();
        var data = Path.Combine(work, "wide.csv");
        Write(data, Columns, Rows);
        var tooWide = Path.Combine(work, "too-wide.csv");
        Write(tooWide, 100_000, 3);
        var spec = Path.Combine(work, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, "name: wide\ndata: { path: wide.csv, target: target }\n");

        var results = new[]
        {
            (Time("refuse a 100,000-column header (`profile`)", cli, work, 2, "profile", tooWide), "exit 2, <= 2"),
            (Time("`mlcycle profile wide.csv --target target`", cli, work, 0, "profile", data, "--target", "target", "--json"), "exit 0, <= 10"),
            (Time("`mlcycle run` (data.path and data.target only)", cli, work, 0, "run", spec, "--store", Path.Combine(work, "store"), "--json"), "exit 0, <= 60"),
        };

        Console.WriteLine();
        Console.WriteLine($"## Wide data: {Columns:N0} columns x {Rows:N0} rows ({new FileInfo(data).Length / 1e6:0} MB CSV), each command a new process");
        Console.WriteLine("| step | exit | seconds | CPU seconds (user + sys) | target |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var ((step, seconds, cpu, exit, _), target) in results) Console.WriteLine($"| {step} | {exit} | {seconds:0.0} | {cpu:0.0} | {target} |");
        // What the run trained: its winner and test AUC, and how its default search went.
        if (results[^1].Item1.Exit == 0)
        {
            var run = System.Text.Json.JsonDocument.Parse(results[^1].Item1.Output).RootElement;
            var search = run.TryGetProperty("search", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.String ? s.GetString() : "no search";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"\nThe run's winner: {run.GetProperty("winner").GetString()}, test auc {run.GetProperty("testMetrics").GetProperty("auc").GetDouble():0.0000}; search: {search}"));
        }
    }

    private static (string Step, double Seconds, double Cpu, int Exit, string Output) Time(string step, string cli, string work, int expectedExit, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(cli);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var cpu = ProcStat.ChildCpuSeconds();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        clock.Stop();
        if (process.ExitCode != expectedExit) Console.Error.WriteLine($"{step}: exit {process.ExitCode}\n{errors.Result.Trim()}");
        return (step, clock.Elapsed.TotalSeconds, ProcStat.ChildCpuSeconds() - cpu, process.ExitCode, output.Result);
    }

    // The CLI is a project reference, so its DLL sits beside the benchmark's, built in the same configuration.
    private static string CliPath()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "MLCycle.Cli.dll");
        if (!File.Exists(path) || !File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")))
            throw new InvalidOperationException($"The CLI is not built beside the benchmark ({path}); build with `dotnet build -c Release bench/MLCycle.Bench`.");
        return path;
    }

    /// <summary>Numeric columns of 3-decimal values, <see cref="Categorical"/> text columns of 5 levels, and a 0/1 target that depends on two numbers.</summary>
    public static void Write(string path, int columns, int rows, int seed = 17)
    {
        var random = new Random(seed);
        var numeric = columns - Categorical - 1;
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.WriteLine(string.Join(',', Enumerable.Range(0, numeric).Select(i => $"n{i}").Concat(Enumerable.Range(0, Categorical).Select(i => $"c{i}")).Append("target")));
        var line = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            line.Clear();
            double first = 0, second = 0;
            for (var c = 0; c < numeric; c++)
            {
                var value = Math.Round(random.NextDouble() * 100, 3);
                if (c == 0) first = value;
                if (c == 1) second = value;
                line.Append(value.ToString("0.###", CultureInfo.InvariantCulture)).Append(',');
            }
            for (var c = 0; c < Categorical; c++) line.Append('v').Append(random.Next(5)).Append(',');
            line.Append(first + second + random.NextDouble() * 50 > 125 ? '1' : '0');
            w.WriteLine(line);
        }
        w.Flush();
        ((FileStream)w.BaseStream).Flush(flushToDisk: true);
    }
}
