using Microsoft.Extensions.Primitives;

namespace MLCycle.Server;

/// <summary>
/// Answers a request whose Host header is not allowed with a 400 problem body, before any route runs. ASP.NET Core's own
/// host filtering answers with an empty 400, which is why this is a middleware of ours.
/// </summary>
internal sealed class HostCheck(RequestDelegate next, IReadOnlyList<string> allowed)
{
    private readonly bool _any = allowed.Contains("*");
    private readonly StringSegment[] _allowed = [.. allowed.Select(h => new StringSegment(h))];

    public Task InvokeAsync(HttpContext context)
    {
        if (_any || HostString.MatchesAny(new StringSegment(context.Request.Host.Host), _allowed)) return next(context);
        return TypedResults.Problem(
            title: "Host not allowed",
            detail: $"This server answers the host names {string.Join(", ", allowed)}; start it with --allowed-hosts to add one.",
            statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
    }
}
