using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using MLCycle.Access;
using MLCycle.Server.Auth;
using MLCycle.Server.Dashboard.Pages;
using MLCycle.Storage;

namespace MLCycle.Server.Dashboard;

/// <summary>The admin pages: the audit log, and users with forms to grant a role and revoke tokens.</summary>
internal static class AdminEndpoints
{
    private const int AuditPageSize = 500;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/audit", AuditAsync).RequireAuthorization(Policies.Admin).WithMetadata(DashboardPage.Instance);
        routes.MapGet("/users", UsersAsync).RequireAuthorization(Policies.Admin).WithMetadata(DashboardPage.Instance);
        routes.MapPost("/users/grant", GrantAsync).RequireAuthorization(Policies.Admin).WithMetadata(DashboardPage.Instance);
        routes.MapPost("/users/revoke", RevokeAsync).RequireAuthorization(Policies.Admin).WithMetadata(DashboardPage.Instance);
    }

    private static async Task<IResult> AuditAsync(HttpContext context, MLCycleStore store, string? since)
    {
        string? error = null;
        var from = DateTimeOffset.UtcNow.AddDays(-1);
        if (!string.IsNullOrWhiteSpace(since))
        {
            if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)) from = parsed;
            else error = $"'{since}' is not a time: expected yyyy-MM-dd or yyyy-MM-ddTHH:mm (UTC); showing the last day.";
        }
        var entries = await store.Audit.ReadAsync(from, AuditPageSize + 1, context.RequestAborted);
        return new RazorComponentResult<AuditPage>(new
        {
            View = DashboardView.For(context),
            Entries = entries.Take(AuditPageSize).ToList(),
            Since = since ?? from.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
            Truncated = entries.Count > AuditPageSize,
            Error = error,
        })
        { StatusCode = error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest };
    }

    private static Task<IResult> UsersAsync(HttpContext context, MLCycleStore store, string? message) =>
        UsersPageAsync(context, store, message, null, StatusCodes.Status200OK);

    private static async Task<IResult> GrantAsync(HttpContext context, MLCycleStore store, IFormCollection form)
    {
        var user = form["user"].ToString();
        try
        {
            var scope = form["scope"].ToString() switch
            {
                "model" => GrantScope.Model,
                "experiment" => GrantScope.Experiment,
                "global" or "" => GrantScope.Global,
                var other => throw new MLCycleException(ErrorKind.BadSpec, $"'{other}' is not a scope: use global, model or experiment."),
            };
            var target = form["target"].ToString().Trim();
            if (scope != GrantScope.Global && target.Length == 0)
            {
                throw new MLCycleException(ErrorKind.BadSpec, $"A role on a {scope.ToString().ToLowerInvariant()} needs its name.");
            }
            var grant = new Grant(scope, scope == GrantScope.Global ? "" : target, Roles.Parse(form["role"].ToString()));
            await store.Users.GrantAsync(user, grant, ActorOf(context), context.RequestAborted);
            return Results.Redirect("/users?message=" + Uri.EscapeDataString($"{user} is now {grant}."));
        }
        catch (MLCycleException e)
        {
            return await UsersPageAsync(context, store, null, e.Message, Problems.ProblemExceptionHandler.StatusFor(e.Kind));
        }
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, MLCycleStore store, IFormCollection form)
    {
        var user = form["user"].ToString();
        try
        {
            var revoked = await store.Users.RevokeTokensAsync(user, ActorOf(context), context.RequestAborted);
            return Results.Redirect("/users?message=" + Uri.EscapeDataString($"Revoked {revoked} token{(revoked == 1 ? "" : "s")} of {user}."));
        }
        catch (MLCycleException e)
        {
            return await UsersPageAsync(context, store, null, e.Message, Problems.ProblemExceptionHandler.StatusFor(e.Kind));
        }
    }

    private static async Task<IResult> UsersPageAsync(HttpContext context, MLCycleStore store, string? message, string? error, int status)
    {
        var users = await store.Users.ListUsersAsync(context.RequestAborted);
        return new RazorComponentResult<UsersPage>(new { View = DashboardView.For(context), Users = users, Message = message, Error = error }) { StatusCode = status };
    }

    private static string ActorOf(HttpContext context) => ((AccessIdentity)context.User.Identity!).Access.Name;
}
