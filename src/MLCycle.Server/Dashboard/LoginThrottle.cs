using System.Collections.Concurrent;

namespace MLCycle.Server.Dashboard;

/// <summary>
/// Counts failed dashboard logins per user name and address: each failure is answered more slowly (<see cref="DelayAfter"/>),
/// and after <see cref="MaxFailures"/> within <see cref="Lockout"/> that user cannot log in from that address until the lockout
/// ends, so a password cannot be guessed quickly, and one attacker cannot lock a user out from everywhere.
/// </summary>
public sealed class LoginThrottle(TimeProvider? time = null)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset Last)> failures = new(StringComparer.Ordinal);

    /// <summary>When <paramref name="user"/> may try again from <paramref name="address"/>, or null if it may now.</summary>
    public DateTimeOffset? LockedUntil(string user, string address)
    {
        var key = Key(user, address);
        if (!failures.TryGetValue(key, out var f)) return null;
        var end = f.Last + Lockout;
        if (end <= time.GetUtcNow())
        {
            failures.TryRemove(KeyValuePair.Create(key, f));
            return null;
        }
        return f.Count >= MaxFailures ? end : null;
    }

    /// <summary>Records a failure and returns how long to wait before answering it: a quarter second more for each failure.</summary>
    public TimeSpan Failed(string user, string address)
    {
        var now = time.GetUtcNow();
        // Old entries are dropped now and then so a scan from many addresses does not grow memory for ever.
        if (failures.Count > 10_000)
        {
            foreach (var stale in failures.Where(f => f.Value.Last + Lockout <= now)) failures.TryRemove(stale);
        }
        var (count, _) = failures.AddOrUpdate(Key(user, address), _ => (1, now), (_, f) => f.Last + Lockout <= now ? (1, now) : (f.Count + 1, now));
        return DelayAfter(count);
    }

    /// <summary>Forgets the failures of a user who logged in.</summary>
    public void Succeeded(string user, string address) => failures.TryRemove(Key(user, address), out _);

    public static TimeSpan DelayAfter(int failures) => TimeSpan.FromMilliseconds(Math.Min(2000, 250 * failures));

    private static string Key(string user, string address) => user + "\n" + address;
}
