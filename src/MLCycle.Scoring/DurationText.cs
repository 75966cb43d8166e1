using System.Globalization;

namespace MLCycle;

/// <summary>
/// Durations as users type them: a whole number and one unit letter (`90s`, `30m`, `12h`, `7d`). Monitoring windows, approval
/// expiries and the server's run lease all read them here, each naming the units it accepts, so the spelling is the same everywhere.
/// </summary>
public static class DurationText
{
    /// <summary>The duration <paramref name="text"/> names, when its number is 1 to <paramref name="max"/> and its unit one of
    /// <paramref name="units"/> (any of "smhd"); null otherwise.</summary>
    public static TimeSpan? Parse(string text, string units, long max = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.Length < 2 || !long.TryParse(t[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > max) return null;
        var unit = char.ToLowerInvariant(t[^1]);
        if (!units.Contains(unit, StringComparison.Ordinal)) return null;
        return unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => null,
        };
    }
}
