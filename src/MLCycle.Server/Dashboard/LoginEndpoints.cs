using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using MLCycle.Access;
using MLCycle.Server.Auth;
using MLCycle.Server.Dashboard.Pages;
using MLCycle.Storage;

namespace MLCycle.Server.Dashboard;

/// <summary>
/// Login and logout. The password is the user's API token: users have tokens, not passwords, and a token is already a
/// BCrypt-hashed, revocable secret, so the dashboard adds no second credential to issue, store and rotate. A failed login is
/// slowed, then locked out (<see cref="LoginThrottle"/>), and written to the audit log like a successful one.
/// </summary>
internal static class LoginEndpoints
{
    private const int MaxUserName = 200;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/login", Show).AllowAnonymous().WithMetadata(DashboardPage.Instance);
        routes.MapPost("/login", LoginAsync).AllowAnonymous().WithMetadata(DashboardPage.Instance);
        routes.MapPost("/logout", LogoutAsync).AllowAnonymous().WithMetadata(DashboardPage.Instance);
    }

    private static IResult Show(HttpContext context, string? returnUrl)
    {
        if (context.User.Identity is AccessIdentity) return Results.Redirect(Target(returnUrl));
        return Page(context, null, returnUrl, null, StatusCodes.Status200OK);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, IFormCollection form, TokenVerifier verifier, LoginThrottle throttle, MLCycleStore store)
    {
        var user = form["user"].ToString().Trim();
        var password = form["password"].ToString().Trim();
        var returnUrl = form["returnUrl"].ToString();
        var address = RemoteAddress.Of(context);
        if (user.Length == 0 || password.Length == 0)
        {
            return Page(context, user, returnUrl, "Enter a user name and a password.", StatusCodes.Status400BadRequest);
        }
        if (user.Length > MaxUserName || user.Any(char.IsControl))
        {
            // Checked before the throttle and the audit log, so junk names neither fill memory nor the log.
            return Page(context, null, returnUrl, $"A user name is at most {MaxUserName} printable characters.", StatusCodes.Status400BadRequest);
        }
        if (throttle.LockedUntil(user, address) is { } until)
        {
            var minutes = Math.Max(1, (int)Math.Ceiling((until - DateTimeOffset.UtcNow).TotalMinutes));
            await AuditAsync(store, context, user, false, "locked out after repeated failed logins");
            context.Response.Headers.RetryAfter = (minutes * 60).ToString(CultureInfo.InvariantCulture);
            return Page(context, user, returnUrl,
                $"Too many failed logins for '{user}' from this address: try again in {minutes} minute{(minutes == 1 ? "" : "s")}.", StatusCodes.Status429TooManyRequests);
        }
        var access = await verifier.VerifyAsync(password, context.RequestAborted);
        if (access is null || !string.Equals(access.Name, user, StringComparison.Ordinal) || !ApiTokens.TryParse(password, out var prefix, out _))
        {
            var delay = throttle.Failed(user, address);
            await AuditAsync(store, context, user, false, "wrong user name or password");
            await Task.Delay(delay, context.RequestAborted);
            return Page(context, user, returnUrl, "The user name or the password is wrong.", StatusCodes.Status401Unauthorized);
        }
        throttle.Succeeded(user, address);
        await context.SignInAsync(DashboardSession.CookieScheme, DashboardSession.PrincipalFor(access, prefix));
        await AuditAsync(store, context, user, true, null);
        return Results.Redirect(Target(returnUrl));
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, IFormCollection form)
    {
        await context.SignOutAsync(DashboardSession.CookieScheme);
        return Results.Redirect("/login");
    }

    private static string Target(string? returnUrl) => DashboardPage.IsLocal(returnUrl) ? returnUrl! : "/runs";

    private static RazorComponentResult<LoginPage> Page(HttpContext context, string? user, string? returnUrl, string? error, int status) =>
        new(new { View = DashboardView.For(context), User = user, ReturnUrl = returnUrl, Error = error }) { StatusCode = status };

    private static Task AuditAsync(MLCycleStore store, HttpContext context, string user, bool allowed, string? detail) =>
        store.Audit.AppendAsync(new AuditEntry
        {
            Time = DateTimeOffset.UtcNow,
            Actor = user,
            Address = RemoteAddress.Of(context),
            Action = "dashboard.login",
            Target = user,
            Allowed = allowed,
            Status = allowed ? StatusCodes.Status302Found : StatusCodes.Status401Unauthorized,
            Detail = detail,
        }, CancellationToken.None);
}
