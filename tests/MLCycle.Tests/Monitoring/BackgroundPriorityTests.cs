using System.Globalization;

namespace MLCycle.Tests.Monitoring;

/// <summary>The background writer's thread gets a lower priority that the kernel sees (its nice value), and only that thread.</summary>
public sealed class BackgroundPriorityTests
{
    [Fact]
    public void Lower_onAThreadOfItsOwn_setsThatThreadsNiceValueOnly()
    {
        if (!OperatingSystem.IsLinux()) return;   // the nice value is read from /proc
        var before = NiceOfThisThread();
        int? seen = null;
        var lowered = false;
        var thread = new Thread(() =>
        {
            lowered = MLCycle.Monitoring.BackgroundPriority.Lower(Math.Max(10, before));
            seen = NiceOfThisThread();
        });
        thread.Start();
        thread.Join();

        Assert.True(lowered);
        Assert.Equal(Math.Max(10, before), seen);
        Assert.Equal(before, NiceOfThisThread());
    }

    // The 19th field of /proc/thread-self/stat, counted after the command name in parentheses (which may hold spaces).
    private static int NiceOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture);
    }
}
