namespace MLCycle.Serving;

/// <summary>What a batch scoring job did: rows scored, rows refused (with the first reasons), and where the output is.</summary>
public sealed record BatchScoringResult
{
    public required string Model { get; init; }
    public required int Version { get; init; }
    public required string Algorithm { get; init; }
    public required string OutputPath { get; init; }
    public required long Rows { get; init; }
    public required long ScoredRows { get; init; }
    public required long RejectedRows { get; init; }
    /// <summary>The first refused rows' reasons; <see cref="InputError.Row"/> is the 1-based data row of the input file.</summary>
    public required IReadOnlyList<InputError> Errors { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    public required double Seconds { get; init; }
}
