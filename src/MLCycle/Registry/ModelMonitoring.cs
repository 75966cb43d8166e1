namespace MLCycle.Registry;

/// <summary>How the model is to be watched in production, as the spec's <c>monitor</c> section asked when it was packaged.</summary>
public sealed record ModelMonitoring
{
    /// <summary>The PSI threshold for packages written before the manifest carried one, and for specs that set none.</summary>
    public const double DefaultPsi = 0.2;

    /// <summary>A feature with PSI at or above this has drifted.</summary>
    public double Psi { get; init; } = DefaultPsi;
}
