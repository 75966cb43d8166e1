using MLCycle.Access;
using MLCycle.Registry;
using MLCycle.Storage;

namespace MLCycle.Cli;

/// <summary>Who a registry decision made from the command line is recorded as: the user whose API token is in MLCYCLE_TOKEN
/// (verified against the store), else the OS user name, which a store with users never lets approve, reject, roll back or protect.</summary>
public static class CliActor
{
    /// <summary>The environment variable holding the acting user's API token.</summary>
    public const string TokenVariable = "MLCYCLE_TOKEN";

    public static async Task<RegistryActor> ResolveAsync(MLCycleStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (Environment.GetEnvironmentVariable(TokenVariable) is not { Length: > 0 } token) return RegistryActor.Local(Environment.UserName);
        var access = await new TokenVerifier(store.Users).VerifyAsync(token.Trim(), ct)
            ?? throw new MLCycleException(ErrorKind.Forbidden, $"{TokenVariable} does not hold a live API token of this store; 'mlcycle users rotate NAME' issues a new one.");
        return RegistryActor.User(access);
    }

    /// <summary>The actor, who must hold <paramref name="role"/> on the model; on a store with users it must be a verified user.</summary>
    public static async Task<RegistryActor> RequireAsync(MLCycleStore store, Role role, string model, string what, CancellationToken ct)
    {
        var actor = await ResolveAsync(store, ct);
        if (actor.Access is { } access)
        {
            if (!access.Allows(role, GrantScope.Model, model))
                throw new MLCycleException(ErrorKind.Forbidden, $"User '{access.Name}' needs the role {Roles.Name(role)} or higher on model '{model}' to {what}; an admin grants it with 'mlcycle users grant'.");
        }
        else if ((await store.Users.ListUsersAsync(ct)).Count > 0)
        {
            throw new MLCycleException(ErrorKind.Forbidden, $"This store has users, so only a verified user may {what}: set {TokenVariable} to your API token.");
        }
        return actor;
    }
}
