using Microsoft.AspNetCore.Authorization;
using MLCycle.Access;
using MLCycle.Server.Problems;
using MLCycle.Storage;

namespace MLCycle.Server.Auth;

/// <summary>Writes every allowed write request (any method but GET, HEAD, OPTIONS and TRACE) to the audit log with its status
/// and the route's <see cref="AuditNote"/>. Scoring is left out: a POST to predict changes nothing, and the prediction log
/// keeps every one. Refusals by a route's policy are written by <see cref="ProblemAuthorizationResultHandler"/>; a 403 a handler
/// answers itself once it knows more than the route (a run's experiment, <c>RunAccess</c>) is written here, for reads too.</summary>
internal sealed class AuditTrail(RequestDelegate next, MLCycleStore store, ILogger<AuditTrail> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsAuditedWrite(context))
        {
            await next(context);
            if (context.Response.StatusCode == StatusCodes.Status403Forbidden) await AppendAsync(context, StatusCodes.Status403Forbidden);
            return;
        }
        try
        {
            await next(context);
            // A handler that wrote its line in its own transaction (log-batch) has said all there is to say.
            if (context.Features.Get<AuditWritten>() is null) await AppendAsync(context, context.Response.StatusCode);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception handler, further out, answers by the error's kind; record the status it will send.
            await AppendAsync(context, ex is MLCycleException e ? ProblemExceptionHandler.StatusFor(e.Kind) : StatusCodes.Status500InternalServerError);
            throw;
        }
    }

    /// <summary>Set by a handler that wrote the request's audit line inside its own write transaction.</summary>
    internal static readonly AuditWritten Written = new();

    /// <summary>The audit line for the request: who, from where, which route, which path.</summary>
    internal static AuditEntry EntryFor(HttpContext context, int status, bool allowed)
    {
        var note = context.Features.Get<AuditNote>();
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        return new AuditEntry
        {
            Time = DateTimeOffset.UtcNow,
            Actor = context.User.Identity is AccessIdentity identity ? identity.Access.Name : "anonymous",
            Address = RemoteAddress.Of(context),
            Action = $"{context.Request.Method} {route}",
            Target = note?.Target ?? context.Request.Path.Value,
            Allowed = allowed,
            Status = status,
            BeforeJson = note?.BeforeJson,
            AfterJson = note?.AfterJson,
        };
    }

    private static bool IsAuditedWrite(HttpContext context) =>
        !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
          || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
        && context.GetEndpoint() is { } endpoint
        && !endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policies.Predict);

    private async Task AppendAsync(HttpContext context, int status)
    {
        try
        {
            // A handler's own 403 is a denied request like a policy's, whatever the method.
            await store.Audit.AppendAsync(EntryFor(context, status, allowed: status != StatusCodes.Status403Forbidden), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not write {Method} {Path} to the audit log", context.Request.Method, context.Request.Path);
        }
    }
}
