namespace MLCycle.Access;

/// <summary>Who a verified token belongs to and what that user may do: the answer every authorization check reads.</summary>
public sealed record UserAccess(string Name, bool IsAdmin, IReadOnlyList<Grant> Grants)
{
    /// <summary>Whether the user holds at least <paramref name="role"/> on the model or experiment named, through a grant
    /// on it, a global grant, or being an admin.</summary>
    public bool Allows(Role role, GrantScope scope, string target) =>
        IsAdmin || Grants.Any(g => g.Role >= role && (g.Scope == GrantScope.Global || (g.Scope == scope && g.Target == target)));

    /// <summary>Whether the user holds at least <paramref name="role"/> anywhere: the test for routes that list across models,
    /// whose answers are then filtered with <see cref="Allows"/>.</summary>
    public bool AllowsAnywhere(Role role) => IsAdmin || Grants.Any(g => g.Role >= role);
}
