namespace MLCycle.Server;

/// <summary>The lease of a run started through the API (ADR 0055): how long it stays Running without a word from its client, and
/// how often the server looks for runs whose lease lapsed.</summary>
public sealed record RunLease
{
    public RunLease(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        Duration = duration;
    }

    /// <summary>How long a run stays Running after its client's last heartbeat or write.</summary>
    public TimeSpan Duration { get; }

    /// <summary>A quarter of the lease, between 50 ms and 30 s: a lapsed run ends at most this long after its lease, and a sweep
    /// that finds nothing costs one indexed read of the (few) Running leased runs.</summary>
    public TimeSpan SweepInterval => TimeSpan.FromTicks(Math.Clamp(Duration.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(30).Ticks));

    /// <summary>Whether a write that finds the lease expiring at <paramref name="expires"/> should renew it: only once more than half of
    /// it is spent, so a stream of log-batches renews a few times per lease instead of adding an UPDATE to every batch.</summary>
    public bool IsHalfSpent(DateTimeOffset expires, DateTimeOffset now) => expires - now < Duration / 2;
}
