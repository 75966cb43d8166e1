namespace MLCycle.Monitoring;

/// <summary>The drift of the rows whose time falls in [Start, End); a window with too few rows says so in <see cref="DriftReport.TooFewRows"/> and per feature.</summary>
public sealed record DriftWindow(DateTimeOffset Start, DateTimeOffset End, long Rows, DriftReport Drift);
