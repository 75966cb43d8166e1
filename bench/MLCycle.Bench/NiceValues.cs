using System.Diagnostics;
using System.Globalization;

namespace MLCycle.Bench;

/// <summary>Sets and reads Linux nice values for the overload benchmark, which reports the priorities its clients and server ran at:
/// read back from /proc, because renice and nice only warn when they are refused (a value below the current one needs root).</summary>
internal static class NiceValues
{
    /// <summary>Sets every thread of this process to <paramref name="nice"/> (Linux nice is per thread; threads made later inherit it
    /// from the thread that makes them), or throws when a thread did not take it.</summary>
    public static void SetForThisProcess(int nice)
    {
        var renice = new ProcessStartInfo("renice") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-n", nice.ToString(CultureInfo.InvariantCulture), "-p" }) renice.ArgumentList.Add(arg);
        var threads = Directory.GetDirectories("/proc/self/task").Select(Path.GetFileName).ToList();
        foreach (var thread in threads) renice.ArgumentList.Add(thread!);
        string refusal;
        using (var process = Process.Start(renice)!)
        {
            // Both pipes read to their end, so renice never waits on a full one.
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            refusal = errors.Result.Split('\n')[0].Trim();
        }
        foreach (var thread in threads)
        {
            // A thread that ended meanwhile has nothing to read back.
            if (Read($"/proc/self/task/{thread}/stat") is { } seen && seen != nice)
                throw new UsageException($"the clients' threads could not be set to nice {nice} (thread {thread} is at {seen}; renice: {refusal}): a value below the current one needs root");
        }
    }

    /// <summary>The nice value of process <paramref name="pid"/>'s main thread.</summary>
    public static int Of(int pid) => Read($"/proc/{pid}/stat") ?? throw new InvalidOperationException($"process {pid} has ended");

    // Field 19 of a stat file: the nice value.
    private static int? Read(string stat) => (int?)ProcStat.Field(stat, 19);
}
