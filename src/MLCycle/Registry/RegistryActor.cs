using MLCycle.Access;

namespace MLCycle.Registry;

/// <summary>Who acts on a protected alias: a user whose API token verified (with what it may do), or, on a store without
/// users, a local name. On a store with users a local name may not approve, reject, roll back or protect.</summary>
public sealed record RegistryActor(string Name, UserAccess? Access)
{
    public static RegistryActor User(UserAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        return new(access.Name, access);
    }

    public static RegistryActor Local(string name) => new(name, null);
}
