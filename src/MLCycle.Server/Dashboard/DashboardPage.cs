namespace MLCycle.Server.Dashboard;

/// <summary>Endpoint metadata marking a dashboard route: a caller without a session is sent to the login page rather than
/// answered 401, since a browser cannot send a bearer token.</summary>
public sealed class DashboardPage
{
    public static DashboardPage Instance { get; } = new();

    /// <summary>The login page's address that returns to <paramref name="returnUrl"/> after login.</summary>
    public static string LoginPath(string? returnUrl) =>
        IsLocal(returnUrl) && returnUrl != "/" ? "/login?returnUrl=" + Uri.EscapeDataString(returnUrl!) : "/login";

    /// <summary>Whether <paramref name="url"/> stays on this server: a rooted path, not "//host" nor "/\host", which browsers follow off-site.</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);
}
