using Microsoft.AspNetCore.Authorization;
using Microsoft.Net.Http.Headers;
using MLCycle.Access;

namespace MLCycle.Server.Auth;

/// <summary>Decides a <see cref="RoleRequirement"/> from the caller's grants and the model or experiment the route names.
/// Each refusal carries a reason that the problem body repeats.</summary>
internal sealed class RoleAuthorizationHandler : AuthorizationHandler<RoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        var access = (context.User.Identity as AccessIdentity)?.Access;
        // Where anyone may call, a user without a role here may too: it could drop its token and pass anyway.
        if (access is not null && requirement.OpenToAnyone)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }
        if (access is null)
        {
            // A wrong token is refused even where anonymous callers are let in: its sender meant to be someone.
            if (requirement.OpenToAnyone && http?.Request.Headers.ContainsKey(HeaderNames.Authorization) != true) context.Succeed(requirement);
            else context.Fail(new AuthorizationFailureReason(this, "This route needs an API token: send 'Authorization: Bearer TOKEN' ('mlcycle users add NAME' issues one)."));
            return Task.CompletedTask;
        }
        var (scope, target) = TargetOf(http);
        var allowed = requirement.GlobalOnly ? access.IsAdmin
            : scope == GrantScope.Global ? access.AllowsAnywhere(requirement.Role)
            : access.Allows(requirement.Role, scope, target);
        if (allowed)
        {
            context.Succeed(requirement);
        }
        else
        {
            var where = requirement.GlobalOnly || scope == GrantScope.Global ? "" : $" on {scope.ToString().ToLowerInvariant()} '{NameRules.Show(target)}'";
            var needed = requirement.GlobalOnly ? "to be an admin" : $"the role {Roles.Name(requirement.Role)} or higher{where}";
            context.Fail(new AuthorizationFailureReason(this, $"User '{access.Name}' needs {needed}; an admin grants it with 'mlcycle users grant'."));
        }
        return Task.CompletedTask;
    }

    /// <summary>The model a route's {reference} ("churn", "churn@champion", "churn:3"), {model} or {name} names, or its {experiment}.</summary>
    internal static (GrantScope Scope, string Target) TargetOf(HttpContext? http)
    {
        var values = http?.Request.RouteValues;
        if (values?["reference"] is string reference) return (GrantScope.Model, reference.Split('@', ':')[0]);
        if ((values?["model"] ?? values?["name"]) is string model) return (GrantScope.Model, model);
        if (values?["experiment"] is string experiment) return (GrantScope.Experiment, experiment);
        return (GrantScope.Global, "");
    }
}
