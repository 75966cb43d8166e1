using MLCycle.Preparation;

namespace MLCycle.Pipelines;

/// <summary>Maps the spec's <c>prepare</c> section onto the preparation stage's options.</summary>
public static class PrepareOptions
{
    public static PreparationOptions From(PrepareSpec spec) => new()
    {
        Missing = spec.Missing switch
        {
            MissingSetting.Drop => MissingStrategy.Drop,
            MissingSetting.Mean => MissingStrategy.Mean,
            MissingSetting.Median => MissingStrategy.Median,
            MissingSetting.MostFrequent => MissingStrategy.MostFrequent,
            _ => MissingStrategy.Auto,
        },
        Scale = spec.Scale switch
        {
            ScaleSetting.MinMax => ScaleKind.MinMax,
            ScaleSetting.None => ScaleKind.None,
            _ => ScaleKind.Standard,
        },
        Treatments = spec.Treatments,
    };
}
