namespace MLCycle.Agent;

/// <summary>What a retraining the agent started became: its run and version, whether it took the champion alias and why; or why it did
/// not run (another retraining held the lock) or failed.</summary>
public sealed record RetrainOutcome(string Trigger, string Status, string? RunId, int? Version, bool Promoted, string? Alias, string Reason, int LabelledRows);
