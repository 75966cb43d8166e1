using MLCycle.Server.Dashboard;

namespace MLCycle.Dashboard.Tests;

public sealed class LoginThrottleTests
{
    private readonly ManualClock clock = new();

    [Fact]
    public void Failed_five_times_locks_the_user_at_that_address_for_fifteen_minutes_after_the_last()
    {
        var throttle = new LoginThrottle(clock);
        for (int i = 1; i < LoginThrottle.MaxFailures; i++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(250 * i), throttle.Failed("alice", "10.0.0.1"));
            Assert.Null(throttle.LockedUntil("alice", "10.0.0.1"));
            clock.Now += TimeSpan.FromMinutes(1);
        }
        throttle.Failed("alice", "10.0.0.1");

        Assert.Equal(clock.Now + LoginThrottle.Lockout, throttle.LockedUntil("alice", "10.0.0.1"));
        Assert.Null(throttle.LockedUntil("alice", "10.0.0.2"));
        Assert.Null(throttle.LockedUntil("bob", "10.0.0.1"));
        clock.Now += LoginThrottle.Lockout - TimeSpan.FromSeconds(1);
        Assert.NotNull(throttle.LockedUntil("alice", "10.0.0.1"));
        clock.Now += TimeSpan.FromSeconds(1);
        Assert.Null(throttle.LockedUntil("alice", "10.0.0.1"));
    }

    [Fact]
    public void Succeeded_forgets_the_failures_so_the_delay_starts_again()
    {
        var throttle = new LoginThrottle(clock);
        throttle.Failed("alice", "10.0.0.1");
        throttle.Failed("alice", "10.0.0.1");
        throttle.Succeeded("alice", "10.0.0.1");

        Assert.Equal(TimeSpan.FromMilliseconds(250), throttle.Failed("alice", "10.0.0.1"));
    }

    [Fact]
    public void DelayAfter_many_failures_stops_at_two_seconds() => Assert.Equal(TimeSpan.FromSeconds(2), LoginThrottle.DelayAfter(100));

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
