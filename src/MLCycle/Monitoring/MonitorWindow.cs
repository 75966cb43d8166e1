namespace MLCycle.Monitoring;

/// <summary>Drift per time window: the window's length and, for a file, the column that holds each row's time.</summary>
public sealed record MonitorWindow(TimeSpan Length, string? TimeColumn = null)
{
    /// <summary>More windows than this would hold as many sketches at once (about 2 MB each for 50 columns); a longer window is the answer.</summary>
    public const int MaxWindows = 1_000;

    /// <summary>Reads `30m`, `1h`, `1d` or `7d`.</summary>
    public static TimeSpan ParseLength(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DurationText.Parse(text, "mhd") ?? throw new MLCycleException(ErrorKind.BadSpec, $"--window expects a whole number with m, h or d (30m, 1h, 1d, 7d), found '{NameRules.Show(text)}'.");
    }
}
