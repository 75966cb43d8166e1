namespace MLCycle.Pipelines;

/// <summary>How missing values are handled (<c>auto|drop|mean|median|most_frequent</c>).</summary>
public enum MissingSetting
{
    Auto,
    Drop,
    Mean,
    Median,
    MostFrequent,
}
