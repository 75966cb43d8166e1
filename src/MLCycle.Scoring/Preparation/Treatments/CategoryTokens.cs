namespace MLCycle.Preparation.Treatments;

/// <summary>The input row of the token-normalising custom mapping: one vector of "column=value" tokens.</summary>
public sealed class CategoryTokens
{
    /// <summary>One token per categorical input of the vector, in layout order.</summary>
    public string[] Tokens { get; set; } = [];
}
