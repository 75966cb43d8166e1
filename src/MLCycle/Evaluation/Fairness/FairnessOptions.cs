namespace MLCycle.Evaluation.Fairness;

/// <summary>How a fairness evaluation groups rows and which groups it judges.</summary>
public sealed record FairnessOptions
{
    /// <summary>
    /// Groups with fewer rows are listed (marked too small to judge) but left out of the summaries: a rate over a
    /// handful of rows swings by chance more than any real gap. 30 rows keeps one row's flip under 3.4 points of rate.
    /// Set 0 to judge every group, as Fairlearn does.
    /// </summary>
    public int MinGroupSize { get; init; } = 30;

    /// <summary>A numeric sensitive column with more distinct values than this is cut into equal-count bands.</summary>
    public int MaxUnbandedValues { get; init; } = 10;

    /// <summary>How many equal-count bands a numeric sensitive column with many values is cut into.</summary>
    public int Bands { get; init; } = 4;

    /// <summary>Also judge the intersection of all sensitive columns (<c>sex&amp;race</c>) when there are several.</summary>
    public bool Intersection { get; init; } = true;
}
