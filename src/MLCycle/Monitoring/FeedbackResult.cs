namespace MLCycle.Monitoring;

/// <summary>What became of a batch of outcomes: how many were received and stored, how many repeated an id or key already in the batch
/// (the last one wins), and the ids and keys the log does not know (never stored; the first <see cref="FeedbackRecorder.MaxListedUnknownIds"/>
/// of each listed). <see cref="Unknown"/> counts unknown ids and keys together.</summary>
public sealed record FeedbackResult(string Model, int Received, int Accepted, int Duplicates, int Unknown, IReadOnlyList<string> UnknownIds)
{
    /// <summary>The model's key column the outcomes were matched by, when some named keys; null when all named prediction ids.</summary>
    public string? KeyColumn { get; init; }

    /// <summary>Keys no answered prediction of the model was logged with before the outcome arrived.</summary>
    public IReadOnlyList<string> UnknownKeys { get; init; } = [];

    /// <summary>Logged predictions that got an outcome: one per accepted id, and one per version that predicted an accepted key.</summary>
    public int Labelled { get; init; }
}
