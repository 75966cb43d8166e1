namespace MLCycle.Client;

/// <summary>A model with all its versions and, for each alias, whether it moves only through approval requests.</summary>
/// <param name="Model">The model and its aliases.</param>
/// <param name="Versions">Every version, oldest first.</param>
/// <param name="ProtectedAliases">Whether each alias is protected (needs an approved request to move).</param>
public sealed record ModelDetail(ModelInfo Model, IReadOnlyList<ModelVersionInfo> Versions, IReadOnlyDictionary<string, bool> ProtectedAliases);
