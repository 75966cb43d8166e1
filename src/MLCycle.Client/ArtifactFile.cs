namespace MLCycle.Client;

/// <summary>A file among a run's artifacts: its path inside the run and its size in bytes.</summary>
/// <param name="Path">The '/'-separated path inside the run's artifacts.</param>
/// <param name="Length">Its size in bytes.</param>
public sealed record ArtifactFile(string Path, long Length);
