namespace MLCycle.Pipelines;

/// <summary>The <c>prepare</c> section: missing values, duplicate rows and scaling.</summary>
public sealed record PrepareSpec
{
    public MissingSetting Missing { get; init; } = MissingSetting.Auto;
    public DuplicatesSetting Duplicates { get; init; } = DuplicatesSetting.Drop;
    public ScaleSetting Scale { get; init; } = ScaleSetting.Standard;
}
