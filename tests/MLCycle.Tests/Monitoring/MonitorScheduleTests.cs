using MLCycle.Monitoring;

namespace MLCycle.Tests.Monitoring;

public sealed class MonitorScheduleTests
{
    [Theory]
    [InlineData("0 * * * *", "2026-12-05T10:17:30", "2026-12-05T11:00:00")]
    [InlineData("*/15 * * * *", "2026-12-05T10:17:30", "2026-12-05T10:30:00")]
    [InlineData("*/2 * * * * *", "2026-12-05T10:17:30.5", "2026-12-05T10:17:32")]
    [InlineData("  30 0 * * * *  ", "2026-12-05T10:17:30", "2026-12-05T11:00:30")]
    public void NextAfter_fiveOrSixFields_isTheNextOccurrenceInUtc(string text, string from, string expected)
    {
        var schedule = MonitorSchedule.Parse(text);

        var next = schedule.NextAfter(DateTime.SpecifyKind(DateTime.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc));

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
        Assert.Equal(text.Trim(), schedule.Text);
    }

    [Theory]
    [InlineData("0 25 * * *")]
    [InlineData("* * *")]
    [InlineData("* * * * * * *")]
    [InlineData("every hour")]
    public void Parse_malformed_throwsFormatException(string text) =>
        Assert.Throws<FormatException>(() => MonitorSchedule.Parse(text));

    [Fact]
    public async Task RunAsync_everySecond_ticksOnItsOwnAndAFailedTickDoesNotStopTheWatch()
    {
        var schedule = MonitorSchedule.Parse("* * * * * *");
        var ticks = new List<DateTime>();
        var failures = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await schedule.RunAsync(_ =>
        {
            ticks.Add(DateTime.UtcNow);
            if (ticks.Count == 1) throw new MLCycleException(ErrorKind.Unavailable, "store unreachable");
            if (ticks.Count == 3) stop.Cancel();
            return Task.CompletedTask;
        }, e => failures.Add(e.Message), stop.Token);

        Assert.Equal(3, ticks.Count);
        Assert.Equal(["store unreachable"], failures);
        // Each tick waited for its own second: no burst of ticks after the failure. A tick is placed in the second it was due, allowing
        // its timer 20 ms early (one ran 0.3 ms before its second); a tick late on a loaded machine (one ran 571 ms into its second,
        // the next 429 ms after it) still counts for its own second.
        static long Due(DateTime t) => (t.Ticks + 20 * TimeSpan.TicksPerMillisecond) / TimeSpan.TicksPerSecond;
        Assert.Equal(ticks.Count, ticks.Select(Due).Distinct().Count());
        Assert.All(ticks.Zip(ticks.Skip(1)), pair => Assert.InRange((pair.Second - pair.First).TotalMilliseconds, 0, 5_000));
    }
}
