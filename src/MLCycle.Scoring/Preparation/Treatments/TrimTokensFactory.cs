using Microsoft.ML.Transforms;

namespace MLCycle.Preparation.Treatments;

/// <summary>
/// The custom mapping that trims the value of every "column=value" token. It holds no state, so registering this
/// assembly (<see cref="TreatmentChain.Register"/>) is all a fresh process needs to load a model using it.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class TrimTokensFactory : CustomMappingFactory<CategoryTokens, NormalizedCategoryTokens>
{
    /// <summary>The name model.zip records for this mapping.</summary>
    public const string ContractName = "mlcycle.category_tokens.trim";

    /// <summary>Writes every token with its value trimmed.</summary>
    public static void Map(CategoryTokens input, NormalizedCategoryTokens output) =>
        output.NormalizedTokens = Array.ConvertAll(input.Tokens, t => CategoryTokenNormalizer.NormalizeToken(t, caseFold: false));

    /// <summary>The mapping ML.NET runs for this contract.</summary>
    public override Action<CategoryTokens, NormalizedCategoryTokens> GetMapping() => Map;
}
