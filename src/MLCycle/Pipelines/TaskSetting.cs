namespace MLCycle.Pipelines;

/// <summary>The task asked for in the spec (<c>auto|binary|multiclass|regression</c>); Auto infers it from the target.</summary>
public enum TaskSetting
{
    Auto,
    Binary,
    Multiclass,
    Regression,
}
