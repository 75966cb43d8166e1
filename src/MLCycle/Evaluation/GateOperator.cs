namespace MLCycle.Evaluation;

/// <summary>The comparison a quality gate makes.</summary>
public enum GateOperator
{
    GreaterOrEqual,
    Greater,
    LessOrEqual,
    Less,
    Equal,
    /// <summary>Better than the baseline's value of the same metric, in the metric's direction.</summary>
    BeatsBaseline,
    /// <summary>Better than the expert's predictions (<c>evaluate.baseline</c>) on the same test rows, in the metric's direction.</summary>
    BeatsExpert,
}
