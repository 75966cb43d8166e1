using Microsoft.AspNetCore.Diagnostics;
using MLCycle.Storage;

namespace MLCycle.Server.Problems;

/// <summary>Turns exceptions into problem details. MLCycle's explained errors keep their message and answer by kind
/// (<see cref="StatusFor"/>), with the store's location cut out of the message; anything else is a bare 500, so no stack
/// trace or internal detail reaches a caller.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, MLCycleStore store, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            MLCycleException e => (StatusFor(e.Kind), TitleFor(e.Kind, ModelReferenceOf(httpContext)), WithoutStorePath(e.Message)),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error", null),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Error serving {Path}", httpContext.Request.Path);
        }
        httpContext.Response.StatusCode = status;
        if (exception is MLCycleException { Kind: ErrorKind.Unavailable, InnerException: System.Data.Common.DbException })
        {
            // The store's database had no connection to give: it frees up as other requests end, so the client may come back soon.
            httpContext.Response.Headers.RetryAfter = StoreRetryAfterSeconds;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>What Retry-After tells a client refused because the store had no connection free.</summary>
    internal const string StoreRetryAfterSeconds = "1";

    /// <summary>The HTTP status for an error of <paramref name="kind"/>; the one place where a kind becomes a status.</summary>
    internal static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.BadSpec or ErrorKind.BadData => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.ValidationFailed => StatusCodes.Status422UnprocessableEntity,
        // The request may be fine; this model (or what it needs) cannot be served until someone repairs it.
        ErrorKind.Tampered or ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.Failed => StatusCodes.Status500InternalServerError,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "This error kind has no HTTP status."),
    };

    private static string TitleFor(ErrorKind kind, string? reference) => kind switch
    {
        ErrorKind.BadSpec or ErrorKind.BadData => "Bad request",
        ErrorKind.NotFound => "Not found",
        ErrorKind.Conflict => "Conflict",
        ErrorKind.Forbidden => "Forbidden",
        ErrorKind.ValidationFailed => "Validation failed",
        ErrorKind.Tampered or ErrorKind.Unavailable => reference is null ? "Service unavailable" : $"Model '{reference}' cannot be served",
        _ => "The request failed",
    };

    /// <summary>The model reference of the failed request's route; the handler runs after the request's own route values are cleared.</summary>
    private static string? ModelReferenceOf(HttpContext httpContext) =>
        httpContext.Features.Get<IExceptionHandlerFeature>()?.RouteValues?["reference"] as string;

    /// <summary>The message with the store's absolute path replaced by paths relative to it, so callers never learn where the store lives.</summary>
    private string WithoutStorePath(string message) => message
        .Replace(store.Directory + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)
        .Replace(store.Directory, "the store", StringComparison.Ordinal);
}
