using Microsoft.AspNetCore.Diagnostics;
using MLCycle.Storage;

namespace MLCycle.Server.Problems;

/// <summary>Turns exceptions into problem details. MLCycle's explained errors keep their message: unknown model, alias or version
/// is 404, a bad argument (exit code 2, e.g. a malformed reference) is 400, and a data or run error on the server's side
/// (exit code 1, e.g. a tampered model package) is 503 — this model cannot be served — with its explanation. Anything else is a bare 500, so no stack trace
/// or internal detail reaches a caller.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            NotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message),
            MLCycleException { ExitCode: 2 } e => (StatusCodes.Status400BadRequest, "Bad request", e.Message),
            MLCycleException e => (StatusCodes.Status503ServiceUnavailable, "The model cannot be served", e.Message),
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
