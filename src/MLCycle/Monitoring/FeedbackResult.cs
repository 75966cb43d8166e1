namespace MLCycle.Monitoring;

/// <summary>What became of a batch of outcomes: how many were received and stored, how many repeated an id already in the batch (the
/// last one wins), and the ids the log does not know (never stored; the first <see cref="FeedbackRecorder.MaxListedUnknownIds"/> listed).</summary>
public sealed record FeedbackResult(string Model, int Received, int Accepted, int Duplicates, int Unknown, IReadOnlyList<string> UnknownIds);
