using MLCycle.Preparation.Treatments;

namespace MLCycle.Pipelines;

/// <summary>The <c>prepare</c> section: missing values, duplicate rows, scaling and data treatments.</summary>
public sealed record PrepareSpec
{
    public MissingSetting Missing { get; init; } = MissingSetting.Auto;
    public DuplicatesSetting Duplicates { get; init; } = DuplicatesSetting.Drop;
    public ScaleSetting Scale { get; init; } = ScaleSetting.Standard;
    /// <summary>Sentinels, category normalisation and outlier rules (<c>sentinels</c>, <c>categories</c>, <c>outliers</c>).</summary>
    public TreatmentOptions Treatments { get; init; } = new();
}
