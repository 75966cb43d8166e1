using System.Globalization;

namespace MLCycle.Bench;

/// <summary>Fields of a Linux /proc stat file, a process's or a thread's, read after the command name in parentheses (which may
/// hold spaces) and numbered as proc(5) numbers them.</summary>
internal static class ProcStat
{
    /// <summary>Field <paramref name="number"/> (1-based: 14 is utime, 19 the nice value) of the stat file at <paramref name="path"/>;
    /// null when there is none (the process or thread ended, or the platform has no /proc).</summary>
    public static long? Field(string path, int number) => Fields(path) is { } fields ? Parse(fields, number) : null;

    /// <summary>utime + stime of process <paramref name="pid"/> (fields 14 and 15, ticks of 1/100 s), in seconds.</summary>
    public static double CpuSeconds(int pid) => Fields($"/proc/{pid}/stat") is { } fields
        ? (Parse(fields, 14) + Parse(fields, 15)) / 100.0
        : throw new InvalidOperationException($"process {pid} has ended");

    /// <summary>The user and system CPU of this process's waited-for children (fields 16 and 17), in seconds; NaN without /proc.</summary>
    public static double ChildCpuSeconds() => Fields("/proc/self/stat") is { } fields ? (Parse(fields, 16) + Parse(fields, 17)) / 100.0 : double.NaN;

    // The fields after the command name: the first of them, the state, is field 3.
    private static string[]? Fields(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }
        return text[(text.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static long Parse(string[] fields, int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
}
