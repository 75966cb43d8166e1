namespace MLCycle.Tracking;

/// <summary>Tags with a meaning to the store itself, named as MLflow names them.</summary>
public static class TrackingTags
{
    /// <summary>Marks a child run (a tuning trial) with its parent's id; searches leave children out.</summary>
    public const string ParentRunId = "mlflow.parentRunId";
}
