using System.Runtime.InteropServices;

namespace MLCycle.Monitoring;

/// <summary>
/// Lowers the scheduling priority of the calling thread, for a thread of its own that does background work (the prediction log's
/// writer) which must not take the cores from the requests beside it. <see cref="Thread.Priority"/> does nothing on Linux; a
/// thread's nice value does (Linux keeps one per thread). Best effort: where the platform or the kernel says no, the thread
/// runs as before.
/// </summary>
internal static class BackgroundPriority
{
    private const int PriorityOfProcess = 0;   // PRIO_PROCESS: on Linux, with a thread id, that one thread

    /// <summary>Sets the calling thread's nice value to <paramref name="nice"/> (0 to 19, higher is lower priority); on other
    /// platforms asks for <see cref="ThreadPriority.BelowNormal"/>. Never raises a thread back: that needs privileges.</summary>
    /// <returns>True when the priority was lowered.</returns>
    public static bool Lower(int nice)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nice);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nice, 19);
        if (!OperatingSystem.IsLinux())
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            return true;
        }
        try
        {
            return SetPriority(PriorityOfProcess, GetThreadId(), nice) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
