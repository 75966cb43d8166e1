namespace MLCycle.Evaluation;

/// <summary>How well a model fits: well, too closely to its training rows, or too loosely to beat the baseline.</summary>
public enum FitVerdictKind
{
    Good,
    Overfitting,
    Underfitting,
}
