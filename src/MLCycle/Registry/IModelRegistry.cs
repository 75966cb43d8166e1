namespace MLCycle.Registry;

/// <summary>Registered models, their numbered versions and movable aliases, in MLflow's vocabulary.
/// Unknown models, versions and aliases throw <see cref="NotFoundException"/> naming them.</summary>
public interface IModelRegistry
{
    /// <summary>Registers the package at <paramref name="packagePath"/> (inside the artifact store) produced by the run
    /// as the model's next version, creating the model if it is new.</summary>
    Task<ModelVersion> CreateModelVersionAsync(string name, string runId, string packagePath, string? description = null, CancellationToken ct = default);

    /// <summary>Registers the next version with its package hash, points the decided alias at it (recording the move) and, if
    /// asked, ends its run as Finished, all in one transaction: either all of it is visible or none of it.</summary>
    Task<ModelVersion> RegisterVersionAsync(VersionRegistration registration, CancellationToken ct = default);

    /// <summary>All models by name, each with its latest version and aliases.</summary>
    Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken ct = default);

    Task<RegisteredModel> GetModelAsync(string name, CancellationToken ct = default);

    Task<ModelVersion> GetVersionAsync(string name, int version, CancellationToken ct = default);

    /// <summary>The model's versions, oldest first.</summary>
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken ct = default);

    /// <summary>Points the alias at a version and records the move (actor, reason, time) in the same transaction.</summary>
    Task SetAliasAsync(string name, string alias, int version, string actor, string? reason = null, CancellationToken ct = default);

    /// <summary>Removes the alias and records the removal in its history.</summary>
    Task DeleteAliasAsync(string name, string alias, string actor, string? reason = null, CancellationToken ct = default);

    /// <summary>Every alias move of the model, oldest first.</summary>
    Task<IReadOnlyList<AliasChange>> GetAliasHistoryAsync(string name, CancellationToken ct = default);

    /// <summary>The version a reference names; a bare name means the champion alias if set, else the latest version.</summary>
    Task<ModelVersion> ResolveAsync(ModelReference reference, CancellationToken ct = default);

    /// <summary>The model's active routes (at most one shadow and one canary), shadow first.</summary>
    Task<IReadOnlyList<ModelRoute>> GetRoutesAsync(string name, CancellationToken ct = default);

    /// <summary>Sets (or replaces) the model's route of <paramref name="kind"/> to <paramref name="target"/> (an alias or version of the
    /// same model; a canary with its share in percent, above 0 and below 100), recording the change in the route history and the audit
    /// log in the same transaction. Refuses a target that does not exist or that is the champion itself.</summary>
    Task<ModelRoute> SetRouteAsync(string name, RouteKind kind, ModelReference target, double? sharePercent, string actor, CancellationToken ct = default);

    /// <summary>Ends every route of the model, recording each in the route history and the audit log; returns the routes ended.</summary>
    Task<IReadOnlyList<ModelRoute>> ClearRoutesAsync(string name, string actor, CancellationToken ct = default);

    /// <summary>Every route change of the model, oldest first.</summary>
    Task<IReadOnlyList<RouteChange>> GetRouteHistoryAsync(string name, CancellationToken ct = default);
}
