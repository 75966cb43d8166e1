namespace MLCycle.Tracking;

/// <summary>A file stored for a run: its path relative to the run's artifact folder (with '/') and its size in bytes.</summary>
public sealed record ArtifactInfo(string Path, long Length);
