namespace MLCycle.Server.Dashboard;

/// <summary>
/// The headers that keep text from users from acting as the dashboard: every HTML page gets a Content-Security-Policy that
/// runs no script at all (the dashboard has none) and loads only its own stylesheet, and every answer says nosniff.
/// A route that sets its own policy (a run's artifact, a model card: <see cref="Sandbox"/>) keeps it.
/// </summary>
internal sealed class PageSecurityHeaders(RequestDelegate next)
{
    /// <summary>The dashboard's pages: no script, no plugin, no frame of or by another page; forms post only to this server.</summary>
    public const string Pages =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>HTML written by runs or uploaded (reports, model cards, any artifact): a sandbox with its own opaque origin, so
    /// nothing in it can read the session or post a form as the user, and nothing fetched from elsewhere; its inline style stays.</summary>
    public const string Sandbox = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        // The prediction, API and metrics routes answer JSON or text, never a page: no start-of-response callback on their hot path.
        if (!ServesPages(context.Request.Path)) return next(context);
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                && !response.Headers.ContainsKey("Content-Security-Policy"))
            {
                response.Headers.ContentSecurityPolicy = Pages;
            }
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }

    private static bool ServesPages(PathString path) =>
        !(path.StartsWithSegments("/v1") || path.StartsWithSegments("/v2") || path.StartsWithSegments("/api") || path.StartsWithSegments("/metrics"));
}
