using System.Collections.Concurrent;

namespace MLCycle.Server.Auth;

/// <summary>
/// Counts wrong tokens per remote address: after <see cref="MaxFailures"/> within <see cref="Window"/> the address is answered
/// 429 until the window ends, without checking its tokens, so guessing is slow and cannot make the server hash all day.
/// </summary>
public sealed class FailedTokenThrottle(TimeProvider? time = null)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset Start)> failures = new(StringComparer.Ordinal);

    /// <summary>When the address may try again, or null if it may now.</summary>
    public DateTimeOffset? LockedUntil(string address)
    {
        if (!failures.TryGetValue(address, out var f)) return null;
        var end = f.Start + Window;
        if (end <= time.GetUtcNow())
        {
            failures.TryRemove(KeyValuePair.Create(address, f));
            return null;
        }
        return f.Count >= MaxFailures ? end : null;
    }

    public void Failed(string address)
    {
        var now = time.GetUtcNow();
        // Old windows are dropped now and then so a scan from many addresses does not grow memory for ever.
        if (failures.Count > 10_000)
        {
            foreach (var stale in failures.Where(f => f.Value.Start + Window <= now)) failures.TryRemove(stale);
        }
        failures.AddOrUpdate(address, _ => (1, now), (_, f) => f.Start + Window <= now ? (1, now) : (f.Count + 1, f.Start));
    }
}
