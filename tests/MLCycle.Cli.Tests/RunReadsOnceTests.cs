using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace MLCycle.Cli.Tests;

/// <summary>
/// Rule of the house 7: a run reads its source once. `mlcycle run` runs as a child process under strace, which counts
/// every byte read from the data file by any thread (DuckDB's included); the run must read at most 1.25 times the file.
/// </summary>
public sealed partial class RunReadsOnceTests(ITestOutputHelper output) : IDisposable
{
    private const double MaxRatio = 1.25;
    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-readonce-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_with_sensitive_columns_and_a_population_reads_the_data_file_at_most_once_and_a_quarter()
    {
        var strace = new[] { "/usr/bin/strace", "/bin/strace" }.FirstOrDefault(File.Exists);
        Assert.True(strace is not null, "strace is required to count the bytes a run reads: apt-get install -y strace");
        var data = WriteChurn(Path.Combine(_dir, "churn.csv"), rows: 70_000);
        var spec = Path.Combine(_dir, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, """
            name: readonce
            data:
              path: churn.csv
              target: churned
              sensitive: [gender, region]
            population:
              gender: { female: 0.5, male: 0.5 }
              weights: true
            train: { algorithms: [linear], cv: 2 }
            """);
        var log = Path.Combine(_dir, "strace.log");

        var (code, stdout) = await RunAsync(strace!, ["-f", "-qq", "-e", "trace=read,pread64,readv,preadv", "-P", data, "-o", log,
            "dotnet", CliAssembly(), "run", spec, "--store", Path.Combine(_dir, "store"), "--json"]);

        Assert.True(code == 0, $"mlcycle run exited {code}:\n{stdout}");
        var size = new FileInfo(data).Length;
        var read = BytesRead(log);
        var ratio = (double)read / size;
        output.WriteLine($"mlcycle run read {read:N0} bytes of a {size:N0}-byte file: {ratio:0.00} x its size");
        Assert.InRange(ratio, 1.0, MaxRatio);
    }

    /// <summary>The sum of what every read call on the file returned, from strace's "... = N" line ends.</summary>
    private static long BytesRead(string log) =>
        File.ReadLines(log).Select(l => ReadResult().Match(l)).Where(m => m.Success)
            .Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    // The CLI as built beside these tests (same configuration), run by the dotnet host as users run it.
    private static string CliAssembly()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = RepoPaths.Get("src", "MLCycle.Cli", "bin", configuration, "net10.0", "MLCycle.Cli.dll");
        Assert.True(File.Exists(path), $"the CLI is not built at {path}");
        return path;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>A seeded churn-like CSV of about 3 MB: a yes/no target and two sensitive columns.</summary>
    private static string WriteChurn(string path, int rows)
    {
        var random = new Random(42);
        string[] plans = ["basic", "plus", "premium", "family"], regions = ["north", "south", "east", "west", "central"];
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.WriteLine("tenure,monthly,usage,support_calls,age,discount,plan,region,gender,churned");
        for (var i = 0; i < rows; i++)
        {
            var calls = random.Next(0, 8);
            var usage = random.NextDouble() < 0.01 ? "" : (random.NextDouble() * 100).ToString("0.0", CultureInfo.InvariantCulture);
            var discount = random.NextDouble() < 0.3 ? Math.Round(random.NextDouble() * 20, 1) : 0;
            var churned = random.NextDouble() < 0.3 + 0.04 * calls ? "yes" : "no";
            w.Write(string.Create(CultureInfo.InvariantCulture,
                $"{random.Next(0, 72)},{20 + random.NextDouble() * 100:0.00},{usage},{calls},{random.Next(18, 80)},{discount},{plans[random.Next(4)]},{regions[random.Next(5)]},{(random.Next(2) == 0 ? "female" : "male")},{churned}\n"));
        }
        return path;
    }

    [GeneratedRegex(@"\)\s+=\s+(\d+)\s*$")]
    private static partial Regex ReadResult();
}
