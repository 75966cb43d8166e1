namespace MLCycle.Access;

/// <summary>A role on a scope: <see cref="Target"/> names the model or experiment, and is empty for <see cref="GrantScope.Global"/>.</summary>
public sealed record Grant(GrantScope Scope, string Target, Role Role)
{
    /// <summary>The grant as people read it: "approver on model churn", "reader everywhere".</summary>
    public override string ToString() =>
        Scope == GrantScope.Global ? $"{Roles.Name(Role)} everywhere" : $"{Roles.Name(Role)} on {Scope.ToString().ToLowerInvariant()} {Target}";
}
