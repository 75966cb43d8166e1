using MLCycle.Registry;

namespace MLCycle.Serving;

/// <summary>A loaded model together with the registry version it was loaded from.</summary>
public sealed record CachedModel(ModelVersion Version, LoadedModel Model);
