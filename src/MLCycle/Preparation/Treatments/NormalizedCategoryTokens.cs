namespace MLCycle.Preparation.Treatments;

/// <summary>The output row of the token-normalising custom mapping.</summary>
public sealed class NormalizedCategoryTokens
{
    public string[] NormalizedTokens { get; set; } = [];
}
