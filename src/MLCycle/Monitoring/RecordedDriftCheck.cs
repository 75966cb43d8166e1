namespace MLCycle.Monitoring;

/// <summary>One recorded drift check: when it ran and the columns that drifted, with their PSI (NaN when not computed, e.g. an absent column).</summary>
public sealed record RecordedDriftCheck(DateTimeOffset Time, IReadOnlyList<(string Column, double Psi)> Drifted);
