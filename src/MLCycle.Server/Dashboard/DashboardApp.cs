using Microsoft.AspNetCore.Authentication;

namespace MLCycle.Server.Dashboard;

/// <summary>The web dashboard: server-rendered pages over the store, a cookie login beside the bearer tokens, anti-forgery on every
/// form, one stylesheet served from the assembly (no CDN, no script), and a Content-Security-Policy that holds them to that.</summary>
public static class DashboardApp
{
    /// <summary>Razor components, anti-forgery, the login throttle and the cookie session; call after the bearer scheme is added.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "mlcycle.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton<LoginThrottle>();
        DashboardSession.Add(services.AddAuthentication());
        return services;
    }

    /// <summary>The dashboard's routes; call after authentication and authorization, since anti-forgery needs the user.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseMiddleware<PageSecurityHeaders>();
        app.UseAntiforgery();
        var css = Stylesheet();
        app.MapGet("/dashboard.css", () => Results.Text(css, "text/css; charset=utf-8")).AllowAnonymous();
        app.MapGet("/", () => Results.Redirect("/runs")).AllowAnonymous();
        LoginEndpoints.Map(app);
        RunEndpoints.Map(app);
        ModelEndpoints.Map(app);
        ApprovalEndpoints.Map(app);
        AdminEndpoints.Map(app);
        return app;
    }

    private static string Stylesheet()
    {
        using var stream = typeof(DashboardApp).Assembly.GetManifestResourceStream("MLCycle.Server.Dashboard.dashboard.css")
            ?? throw new InvalidOperationException("The dashboard's stylesheet is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
