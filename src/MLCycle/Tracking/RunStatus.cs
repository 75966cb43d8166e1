namespace MLCycle.Tracking;

/// <summary>Where a run is in its life: running until it ends as finished or failed, or killed when its process died first.</summary>
public enum RunStatus
{
    Running,
    Finished,
    Failed,
    /// <summary>The process running it ended before the run did; found and marked by the next open of the store.</summary>
    Killed,
}
