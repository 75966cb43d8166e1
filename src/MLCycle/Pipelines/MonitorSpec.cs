namespace MLCycle.Pipelines;

/// <summary>The <c>monitor</c> section: the PSI at or above which a feature counts as drifted.</summary>
public sealed record MonitorSpec
{
    public double Psi { get; init; } = 0.2;
}
