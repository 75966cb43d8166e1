namespace MLCycle.Registry;

/// <summary>How the model is to be watched in production, as the spec's <c>monitor</c> section asked when it was packaged.</summary>
public sealed record ModelMonitoring
{
    /// <summary>The PSI threshold for packages written before the manifest carried one, and for specs that set none.</summary>
    public const double DefaultPsi = 0.2;

    /// <summary>A feature with PSI at or above this has drifted.</summary>
    public double Psi { get; init; } = DefaultPsi;

    /// <summary>The gate performance on logged predictions with outcomes must keep (<c>auc &gt;= 0.78</c>); null when the spec set none.</summary>
    public string? Performance { get; init; }

    /// <summary>The request field that names the row in the caller's own terms (a customer id): logged with each prediction so outcomes
    /// can be sent by it; null when the spec named none. It need not be a model input.</summary>
    public string? Key { get; init; }
}
