namespace MLCycle.Pipelines;

/// <summary>The <c>retrain</c> section: which findings start a retraining, whether a winning challenger takes the champion alias
/// by itself, and what it trains on.</summary>
public sealed record RetrainSpec
{
    public IReadOnlyList<RetrainTrigger> On { get; init; } = [RetrainTrigger.Drift, RetrainTrigger.Performance];

    public RetrainPromotion Promote { get; init; } = RetrainPromotion.Approval;

    public RetrainData Data { get; init; } = RetrainData.Outcomes;
}

// The three words of the section live beside the record that is their only user.

/// <summary>What starts a retraining: drift or lost performance found by the agent, or every tick of <c>monitor.schedule</c>.</summary>
public enum RetrainTrigger
{
    Drift,
    Performance,
    Schedule,
}

/// <summary><c>auto</c>: a challenger that wins the champion comparison is promoted; <c>approval</c>: it stays <c>challenger</c> for a person.</summary>
public enum RetrainPromotion
{
    Auto,
    Approval,
}

/// <summary><c>outcomes</c>: the spec's data plus every logged prediction with an outcome, appended as labelled rows; <c>sources</c>: the spec's data only.</summary>
public enum RetrainData
{
    Outcomes,
    Sources,
}
