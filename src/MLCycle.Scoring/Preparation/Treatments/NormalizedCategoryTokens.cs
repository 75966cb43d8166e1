namespace MLCycle.Preparation.Treatments;

/// <summary>The output row of the token-normalising custom mapping.</summary>
public sealed class NormalizedCategoryTokens
{
    /// <summary>One token per categorical input of the vector, in layout order.</summary>
    public string[] NormalizedTokens { get; set; } = [];
}
