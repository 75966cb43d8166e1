namespace MLCycle.Access;

/// <summary>Users, their API tokens and their roles. Every change is written to the audit log in the same transaction,
/// with <c>actor</c> as who made it.</summary>
public interface IUserStore
{
    /// <summary>Creates the user with a first token; a taken name is a conflict, a bad name a bad spec.</summary>
    Task<IssuedToken> AddUserAsync(string name, bool admin, string actor, CancellationToken ct = default);

    Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken ct = default);

    /// <summary>Gives the user the grant's role on its scope, replacing a role it held there.</summary>
    Task GrantAsync(string name, Grant grant, string actor, CancellationToken ct = default);

    /// <summary>Takes away the user's role on one scope (a model, an experiment, or everywhere) and returns the grant removed; a user
    /// without a role there is not found. Its tokens stay, as do its roles elsewhere.</summary>
    Task<Grant> RevokeGrantAsync(string name, GrantScope scope, string target, string actor, CancellationToken ct = default);

    /// <summary>Revokes every token of the user and returns how many were live; the user and its grants stay.</summary>
    Task<int> RevokeTokensAsync(string name, string actor, CancellationToken ct = default);

    /// <summary>Revokes every token of the user and issues a new one.</summary>
    Task<IssuedToken> RotateTokenAsync(string name, string actor, CancellationToken ct = default);

    /// <summary>The live token stored under <paramref name="prefix"/> with its hash and owner, or null.</summary>
    Task<StoredToken?> FindTokenAsync(string prefix, CancellationToken ct = default);
}
