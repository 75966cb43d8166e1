namespace MLCycle.Tracking;

/// <summary>Where a run is in its life: running until it ends as finished or failed.</summary>
public enum RunStatus
{
    Running,
    Finished,
    Failed,
}
