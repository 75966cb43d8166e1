using System.Diagnostics;

namespace MLCycle.Tracking;

/// <summary>The process that started a run: its id, host and start time (Unix milliseconds), so a reused process id
/// is not mistaken for the run's owner.</summary>
public sealed record RunOwner(int ProcessId, string Host, long StartedAt)
{
    // The start time the OS reports is derived from boot time and drifts by a few milliseconds between readings.
    private const long StartTolerance = 2_000;

    /// <summary>This process.</summary>
    public static RunOwner Current { get; } = Describe();

    /// <summary>True when the owner ran on this host and no process with its id and start time is alive any more.</summary>
    public bool IsGoneFromThisHost()
    {
        if (!string.Equals(Host, Current.Host, StringComparison.OrdinalIgnoreCase)) return false;
        if (ProcessId == Current.ProcessId) return Math.Abs(StartedAt - Current.StartedAt) > StartTolerance;
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            return process.HasExited || IsZombie(ProcessId) || Math.Abs(StartTimeOf(process) - StartedAt) > StartTolerance;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Another user's process we may not inspect: it exists, so the run is not declared dead.
            return false;
        }
    }

    private static RunOwner Describe()
    {
        using var self = Process.GetCurrentProcess();
        return new RunOwner(self.Id, Environment.MachineName, StartTimeOf(self));
    }

    private static long StartTimeOf(Process process) => new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds();

    // A killed child that its parent has not reaped yet still has a process entry; it will never finish the run.
    private static bool IsZombie(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!OperatingSystem.IsLinux() || !File.Exists(stat)) return false;
        try
        {
            var text = File.ReadAllText(stat);
            var state = text.AsSpan(text.LastIndexOf(')') + 1).TrimStart();
            return state.Length > 0 && state[0] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }
}
