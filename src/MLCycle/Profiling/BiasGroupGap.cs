namespace MLCycle.Profiling;


/// <summary>One group's observed and expected shares (over the rows in listed groups), counts and correcting weight.</summary>
public sealed record BiasGroupGap(string Group, long Observed, double ObservedShare, double ExpectedShare, double ExpectedCount, double Weight);
