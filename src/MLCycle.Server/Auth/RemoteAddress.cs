namespace MLCycle.Server.Auth;

/// <summary>The address a request came from, as the audit log and the throttle record it.</summary>
internal static class RemoteAddress
{
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
