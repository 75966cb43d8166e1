using Microsoft.ML.Transforms;

namespace MLCycle.Preparation.Treatments;

/// <summary>The stateless custom mapping that trims and lower-cases the value of every "column=value" token.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class TrimAndFoldTokensFactory : CustomMappingFactory<CategoryTokens, NormalizedCategoryTokens>
{
    /// <summary>The name model.zip records for this mapping.</summary>
    public const string ContractName = "mlcycle.category_tokens.trim_fold";

    /// <summary>Writes every token with its value trimmed and lower-cased.</summary>
    public static void Map(CategoryTokens input, NormalizedCategoryTokens output) =>
        output.NormalizedTokens = Array.ConvertAll(input.Tokens, t => CategoryTokenNormalizer.NormalizeToken(t, caseFold: true));

    /// <summary>The mapping ML.NET runs for this contract.</summary>
    public override Action<CategoryTokens, NormalizedCategoryTokens> GetMapping() => Map;
}
