using Microsoft.AspNetCore.Diagnostics;
using MLCycle.Storage;

namespace MLCycle.Server.Problems;

/// <summary>Turns exceptions into problem details: MLCycle's explained errors keep their message, anything else becomes a bare 500
/// so no stack trace or internal detail reaches a caller.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            NotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message),
            MLCycleException e => (StatusCodes.Status400BadRequest, "Bad request", e.Message),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error", null),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error serving {Path}", httpContext.Request.Path);
        }
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
