namespace MLCycle.Serving;

/// <summary>The binary output columns a prediction engine fills.</summary>
internal sealed class BinaryOutput
{
    public float Probability { get; set; }
}

/// <summary>The multiclass output columns a prediction engine fills: one score per class.</summary>
internal sealed class MulticlassOutput
{
    public float[] Score { get; set; } = [];
}

/// <summary>The regression output column a prediction engine fills.</summary>
internal sealed class RegressionOutput
{
    public float Score { get; set; }
}
