using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MLCycle.Cli;

namespace MLCycle.Bench;

/// <summary>
/// Profiles a CSV larger than the memory DuckDB may use: streams a seeded 50-column CSV of the requested size, runs
/// `mlcycle profile FILE --memory-limit 1GB --json` in a child process, and reports its wall time, throughput, peak
/// resident memory (VmHWM, which counts DuckDB's native memory and the .NET heap alike) and DuckDB's peak spill on disk.
/// </summary>
public static class BigProfileBenchmark
{
    public const string MemoryLimit = "1GB";
    public const string ChildVerb = "big-child";
    private const long Gigabyte = 1_000_000_000;

    public static async Task MeasureAsync(string work, double gigabytes)
    {
        var path = Path.Combine(work, "big.csv");
        var writing = Stopwatch.StartNew();
        var rows = WideCsv.WriteSize(path, (long)(gigabytes * Gigabyte), Gigabyte,
            (r, bytes) => Console.Error.WriteLine($"wrote {bytes / (double)Gigabyte:0.0} GB, {r:N0} rows, {writing.Elapsed.TotalSeconds:0} s"));
        writing.Stop();
        var size = new FileInfo(path).Length;
        Console.Error.WriteLine($"wrote {size / (double)Gigabyte:0.00} GB, {rows:N0} rows in {writing.Elapsed.TotalSeconds:0} s; profiling with --memory-limit {MemoryLimit}");

        // The child gets its own temp folder, so the spill DuckDB writes there can be watched from here.
        var temp = Directory.CreateDirectory(Path.Combine(work, "child-tmp")).FullName;
        var clock = Stopwatch.StartNew();
        var (child, peakSpill) = await RunChildAsync(path, temp);
        clock.Stop();
        File.Delete(path);

        Console.WriteLine();
        Console.WriteLine($"## Profile of a {size / (double)Gigabyte:0.0#} GB CSV ({rows:N0} rows x {WideCsv.NumericColumns + WideCsv.CategoricalColumns} columns), DuckDB memory limit {MemoryLimit}");
        Console.WriteLine("| exit | rows profiled | seconds | rows/s | MB/s | peak memory (VmHWM) | peak DuckDB spill | target |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"| {child.Exit} | {child.Rows:N0} | {seconds:0.0} | {child.Rows / seconds:N0} | {size / 1e6 / seconds:0.0} | " +
            $"{child.PeakKilobytes / 1024.0:N0} MiB | {peakSpill / 1e9:0.0} GB | no out-of-memory, peak reported |");
        if (child.Exit != 0) Console.WriteLine($"The profile failed (exit {child.Exit}); its message is above, on stderr.");
        else if (child.Rows != rows) Console.WriteLine($"Rows lost: {rows:N0} written, {child.Rows:N0} profiled.");
    }

    /// <summary>The child's side: runs the CLI's profile verb in this process and prints the row count, exit code and its own VmHWM.</summary>
    public static async Task<int> ChildAsync(string path, string memoryLimit)
    {
        var json = new StringWriter();
        var exit = await CliApp.RunAsync(["profile", path, "--memory-limit", memoryLimit, "--json"], json, Console.Error);
        var rows = exit == 0 ? JsonDocument.Parse(json.ToString()).RootElement.GetProperty("rows").GetInt64() : 0;
        var peak = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Console.WriteLine($"{exit} {rows} {peak}");
        return exit;
    }

    private static async Task<(ChildReport Report, long PeakSpillBytes)> RunChildAsync(string path, string temp)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        // Started as `dotnet MLCycle.Bench.dll` the process path is the host, which needs the assembly named again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(BigProfileBenchmark).Assembly.Location);
        foreach (var arg in new[] { ChildVerb, path, MemoryLimit }) info.ArgumentList.Add(arg);
        info.Environment["TMPDIR"] = temp;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        long peakSpill = 0;
        while (await Task.WhenAny(exited, Task.Delay(1000)) != exited) peakSpill = Math.Max(peakSpill, FolderBytes(temp));
        // A child killed before its last line (e.g. by the kernel's out-of-memory killer) reports only its exit code.
        var fields = (await output).Trim().Split('\n')[^1].Split(' ');
        return fields.Length == 3
            ? (new ChildReport(process.ExitCode, long.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[2], CultureInfo.InvariantCulture)), peakSpill)
            : (new ChildReport(process.ExitCode, 0, 0), peakSpill);
    }

    // Spill files come and go while DuckDB works, so the listing may change under the count; a partial sum is good enough for a peak.
    private static long FolderBytes(string folder)
    {
        long total = 0;
        try
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories)) total += file.Length;
        }
        catch (IOException)
        {
        }
        return total;
    }

    private sealed record ChildReport(int Exit, long Rows, long PeakKilobytes);
}
