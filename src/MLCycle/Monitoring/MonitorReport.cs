namespace MLCycle.Monitoring;

/// <summary>A drift check of one model: which version, against what data, and the drift found.</summary>
public sealed record MonitorReport(string Model, int Version, string Source, long Rows, long RejectedRows, DriftReport Drift);
