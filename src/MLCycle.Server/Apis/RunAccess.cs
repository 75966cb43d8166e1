using MLCycle.Access;
using MLCycle.Server.Auth;

namespace MLCycle.Server.Apis;

/// <summary>The experiment-scoped check of a tracking route. A run's experiment is not in its URL, so the route's policy asks for the
/// role somewhere and the handler, once it knows the run, asks for it on the run's experiment here.</summary>
internal static class RunAccess
{
    /// <summary>A 403 problem unless the caller holds <paramref name="role"/> on <paramref name="experiment"/>.</summary>
    public static IResult? Refusal(HttpContext context, Role role, string experiment)
    {
        var access = (context.User.Identity as AccessIdentity)?.Access;
        if (access?.Allows(role, GrantScope.Experiment, experiment) == true) return null;
        return TypedResults.Problem(title: "Forbidden", statusCode: StatusCodes.Status403Forbidden,
            detail: $"User '{access?.Name ?? "anonymous"}' needs the role {Roles.Name(role)} or higher on experiment '{NameRules.Show(experiment)}'; an admin grants it with 'mlcycle users grant'.");
    }

    /// <summary>The experiments whose runs the caller may read, or null when it may read them all (an admin, a global grant).</summary>
    public static IReadOnlyList<string>? ReadableExperiments(HttpContext context)
    {
        var access = (context.User.Identity as AccessIdentity)?.Access;
        if (access is null) return [];
        if (access.Allows(Role.Reader, GrantScope.Global, "")) return null;
        return [.. access.Grants.Where(g => g.Scope == GrantScope.Experiment && g.Role >= Role.Reader).Select(g => g.Target)];
    }
}
