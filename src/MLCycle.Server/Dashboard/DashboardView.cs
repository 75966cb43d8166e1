using Microsoft.AspNetCore.Antiforgery;
using MLCycle.Server.Auth;

namespace MLCycle.Server.Dashboard;

/// <summary>What every page's frame needs: who is logged in, the anti-forgery field its forms carry, and the current path.</summary>
public sealed record DashboardView(string? UserName, bool IsAdmin, string FormField, string FormToken, string Path)
{
    /// <summary>The view of the request, issuing its anti-forgery token (and cookie).</summary>
    public static DashboardView For(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var access = (context.User.Identity as AccessIdentity)?.Access;
        return new DashboardView(access?.Name, access?.IsAdmin == true, tokens.FormFieldName, tokens.RequestToken ?? "", context.Request.Path.Value ?? "/");
    }
}
