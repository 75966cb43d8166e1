namespace MLCycle.Pipelines;

/// <summary>How numeric features are scaled (<c>standard|minmax|none</c>).</summary>
public enum ScaleSetting
{
    Standard,
    MinMax,
    None,
}
