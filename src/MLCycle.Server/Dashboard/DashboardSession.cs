using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Net.Http.Headers;
using MLCycle.Access;
using MLCycle.Server.Auth;
using MLCycle.Storage;

namespace MLCycle.Server.Dashboard;

/// <summary>
/// The dashboard's cookie session beside the bearer scheme. The cookie holds the user name and the public prefix of the API token
/// the user logged in with (never the secret); each request looks that token up again, so revoking a user's tokens or changing
/// its grants takes effect on the next page, and the request carries the same <see cref="AccessIdentity"/> as a bearer request.
/// </summary>
public static class DashboardSession
{
    public const string CookieScheme = "DashboardCookie";

    /// <summary>The default scheme: a request with an Authorization header is a bearer request, any other may carry the cookie.</summary>
    public const string EitherScheme = "BearerOrCookie";

    public const string CookieName = "mlcycle.session";
    public const string TokenPrefixClaim = "mlcycle:token-prefix";

    /// <summary>Makes the policies accept either a bearer token or the session cookie.</summary>
    public static void Add(AuthenticationBuilder authentication)
    {
        authentication.Services.Configure<AuthenticationOptions>(o => o.DefaultScheme = EitherScheme);
        authentication
            .AddPolicyScheme(EitherScheme, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(HeaderNames.Authorization) ? BearerTokenHandler.SchemeName : CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.Events.OnValidatePrincipal = ValidateAsync;
            });
    }

    /// <summary>The principal stored in the cookie at login.</summary>
    public static ClaimsPrincipal PrincipalFor(UserAccess access, string tokenPrefix)
    {
        var identity = new AccessIdentity(access);
        identity.AddClaim(new Claim(TokenPrefixClaim, tokenPrefix));
        return new ClaimsPrincipal(identity);
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var prefix = context.Principal?.FindFirst(TokenPrefixClaim)?.Value;
        var store = context.HttpContext.RequestServices.GetRequiredService<MLCycleStore>();
        var stored = prefix is null ? null : await store.Users.FindTokenAsync(prefix, context.HttpContext.RequestAborted);
        if (stored is null || !string.Equals(stored.Access.Name, name, StringComparison.Ordinal))
        {
            // The token was revoked or rotated: the session ends with it.
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }
        context.ReplacePrincipal(PrincipalFor(stored.Access, stored.Prefix));
    }
}
