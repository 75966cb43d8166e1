using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Net.Http.Headers;
using MLCycle.Access;
using MLCycle.Server.Dashboard;
using MLCycle.Storage;

namespace MLCycle.Server.Auth;

/// <summary>Answers a refused request with a problem body, 401 (no or wrong token), 403 (a known user without the role) or
/// 429 (too many wrong tokens from its address), and writes the refusal to the audit log.</summary>
internal sealed class ProblemAuthorizationResultHandler(MLCycleStore store, FailedTokenThrottle throttle, ILogger<ProblemAuthorizationResultHandler> logger)
    : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }
        var address = RemoteAddress.Of(context);
        // The handler's result is cached for the request, so this reads why the token failed without checking it again.
        var failure = (await context.AuthenticateAsync(BearerTokenHandler.SchemeName)).Failure?.Message;
        if (authorizeResult.Challenged && failure is null && context.GetEndpoint()?.Metadata.GetMetadata<DashboardPage>() is not null
            && !context.Request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            // A browser without a session is shown the login page, not refused: it has no token to send.
            context.Response.Redirect(DashboardPage.LoginPath(context.Request.Path + context.Request.QueryString));
            return;
        }
        int status;
        string title, detail;
        if (failure == BearerTokenHandler.Throttled && throttle.LockedUntil(address) is { } until)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling((until - DateTimeOffset.UtcNow).TotalSeconds));
            (status, title) = (StatusCodes.Status429TooManyRequests, "Too many wrong tokens");
            detail = $"{FailedTokenThrottle.MaxFailures} wrong tokens came from this address within {FailedTokenThrottle.Window.TotalSeconds:0} seconds; try again in {seconds} seconds.";
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        else if (authorizeResult.Challenged)
        {
            (status, title) = (StatusCodes.Status401Unauthorized, "Unauthorized");
            // A challenge carries no reasons of the policy: the caller has no token, or one that failed.
            detail = failure is null
                ? "This route needs an API token: send 'Authorization: Bearer TOKEN' ('mlcycle users add NAME' issues one)."
                : $"{failure} Send 'Authorization: Bearer TOKEN'.";
            context.Response.Headers.WWWAuthenticate = BearerTokenHandler.SchemeName;
        }
        else
        {
            (status, title, detail) = (StatusCodes.Status403Forbidden, "Forbidden", Reasons(authorizeResult));
        }
        await AppendAsync(context, status, detail);
        await TypedResults.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
    }

    private static string Reasons(PolicyAuthorizationResult result) =>
        result.AuthorizationFailure?.FailureReasons.Select(r => r.Message).FirstOrDefault() ?? "This route needs an API token with a role that allows it.";

    private async Task AppendAsync(HttpContext context, int status, string detail)
    {
        try
        {
            await store.Audit.AppendAsync(AuditTrail.EntryFor(context, status, allowed: false) with { Detail = detail }, context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The refusal stands even when the log cannot be written; the operator learns of it from the server log.
            logger.LogError(ex, "Could not write a denied request to the audit log");
        }
    }
}
