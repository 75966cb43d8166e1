namespace MLCycle.Client;

/// <summary>Where a run is in its life, as the server reports it.</summary>
public enum RunStatus
{
    /// <summary>Started and not ended yet.</summary>
    Running,

    /// <summary>Ended normally.</summary>
    Finished,

    /// <summary>Ended with an error.</summary>
    Failed,

    /// <summary>Its process died before it ended.</summary>
    Killed,
}
