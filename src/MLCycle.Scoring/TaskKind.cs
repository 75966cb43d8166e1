namespace MLCycle;

/// <summary>What the model predicts.</summary>
public enum TaskKind
{
    Binary,
    Multiclass,
    Regression,
}
