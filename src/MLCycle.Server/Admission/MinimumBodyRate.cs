using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace MLCycle.Server.Admission;

/// <summary>Makes an admitted request send its body at a minimum rate (after Kestrel's grace period) or be cut with 408: at Kestrel's
/// own floor of 240 bytes/s a client trickling a 4 MB body would hold its admission slot for hours, and a handful of such clients
/// would shut the routes they hold. Headers are not at stake: a request is admitted once they are all in.</summary>
internal static class MinimumBodyRate
{
    /// <summary>How long a body may arrive slower than the rate before the rate is enforced: Kestrel's own default.</summary>
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);

    public static void Demand(HttpContext context, double bytesPerSecond)
    {
        // HTTP/2 streams share their connection's flow control and take no rate of their own (Kestrel refuses to set one).
        if (!HttpMethods.IsGet(context.Request.Method) && HttpProtocol.IsHttp11(context.Request.Protocol)
            && context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = new MinDataRate(bytesPerSecond, GracePeriod);
        }
    }
}
