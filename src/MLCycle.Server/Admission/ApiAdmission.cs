using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using MLCycle.Server.Dashboard;

namespace MLCycle.Server.Admission;

/// <summary>
/// Admission for the /api/v1 and dashboard routes: their requests in flight are counted apart from predictions, against
/// <see cref="AdmissionOptions.MaxApiConcurrency"/>, so a flood of searches is refused at once (429, Retry-After) and can never
/// take the prediction slots of <see cref="AdmissionControl"/>. It runs before authentication, so a refusal costs no token check.
/// </summary>
internal sealed class ApiAdmission : IMiddleware
{
    private readonly AdmissionOptions options;
    private readonly ServingMetrics metrics;
    private int inFlight;

    public ApiAdmission(AdmissionOptions options, ServingMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxApiConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinBodyBytesPerSecond, 1);
        this.options = options;
        this.metrics = metrics;
    }

    /// <summary>API and dashboard requests admitted and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!Applies(context))
        {
            await next(context);
            return;
        }
        using var slot = TryEnter();
        if (slot is null)
        {
            metrics.Rejected("api_concurrency");
            var seconds = Math.Max(1, (int)Math.Ceiling(options.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.RetryAfter = seconds;
            await TypedResults.Problem(title: "Too many requests", statusCode: StatusCodes.Status429TooManyRequests,
                detail: $"The server is answering its limit of {options.MaxApiConcurrency} API and dashboard requests at once; retry after {seconds} s.")
                .ExecuteAsync(context);
            return;
        }
        MinimumBodyRate.Demand(context, options.MinBodyBytesPerSecond);
        await next(context);
    }

    /// <summary>Takes one of the API slots until the returned hold is disposed; null when all are taken.</summary>
    internal IDisposable? TryEnter()
    {
        if (Interlocked.Increment(ref inFlight) > options.MaxApiConcurrency)
        {
            Interlocked.Decrement(ref inFlight);
            return null;
        }
        return new Slot(this);
    }

    /// <summary>Whether the request is for the REST API or a dashboard page (not health, metrics, the OpenAPI document or predictions).</summary>
    private static bool Applies(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api/v1") || context.GetEndpoint()?.Metadata.GetMetadata<DashboardPage>() is not null;

    private sealed class Slot(ApiAdmission owner) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) Interlocked.Decrement(ref owner.inFlight);
        }
    }
}
