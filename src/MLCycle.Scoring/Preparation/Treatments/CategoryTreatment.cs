namespace MLCycle.Preparation.Treatments;

/// <summary>What was fitted for one categorical column: its sentinels and the rare levels merged into "&lt;other&gt;".</summary>
public sealed record CategoryTreatment
{
    public required string Column { get; init; }
    /// <summary>Normalised values turned into missing.</summary>
    public IReadOnlyList<string> Sentinels { get; init; } = [];
    /// <summary>Normalised training levels rarer than the threshold, merged into <see cref="FittedTreatments.OtherLevel"/>.</summary>
    public IReadOnlyList<string> Merged { get; init; } = [];
}
