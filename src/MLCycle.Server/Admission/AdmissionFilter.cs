using Microsoft.AspNetCore.Http.HttpResults;
using MLCycle.Server.Apis;

namespace MLCycle.Server.Admission;

/// <summary>Admits a prediction request before its body is read, or refuses it at once: a problem body on v1, the Open Inference
/// Protocol's error body on /v2. Only the prediction routes carry it, so health and metrics are never refused.</summary>
internal sealed class AdmissionFilter(AdmissionControl control) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (control.Enter(context.HttpContext) is { } refusal) return Answer(context.HttpContext, refusal);
        MinimumBodyRate.Demand(context.HttpContext, control.Options.MinBodyBytesPerSecond);
        return await next(context);
    }

    /// <summary>The refusal in the format of the route that was asked.</summary>
    public static IResult Answer(HttpContext context, AdmissionRefusal refusal) =>
        context.Request.Path.StartsWithSegments("/v2")
            ? InferenceProtocolApi.Error(refusal.Status, refusal.Detail)
            : Problem(refusal);

    /// <summary>The refusal as a problem body, for the v1 route.</summary>
    public static ProblemHttpResult Problem(AdmissionRefusal refusal) =>
        TypedResults.Problem(title: refusal.Status == StatusCodes.Status429TooManyRequests ? "Too many requests" : "Request too large",
            detail: refusal.Detail, statusCode: refusal.Status);
}
