namespace MLCycle.Preparation.Treatments;

/// <summary>The input row of the token-normalising custom mapping: one vector of "column=value" tokens.</summary>
public sealed class CategoryTokens
{
    public string[] Tokens { get; set; } = [];
}
