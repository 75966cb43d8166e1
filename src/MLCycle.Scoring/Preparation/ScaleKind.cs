namespace MLCycle.Preparation;

/// <summary>How numeric features are scaled before training.</summary>
public enum ScaleKind
{
    /// <summary>Zero mean, unit variance (ML.NET NormalizeMeanVariance).</summary>
    Standard,
    /// <summary>Into [0, 1] by the training minimum and maximum (ML.NET NormalizeMinMax without fixZero).</summary>
    MinMax,
    None,
}
