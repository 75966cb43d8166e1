using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace MLCycle.Bench;

/// <summary>A POST whose parts are timed as its client sees them (the overload benchmark's split of an admitted request).</summary>
internal static class TimedPost
{
    /// <summary>Posts a JSON body, timing the request's three parts as the client sees them: sending the body (until its last
    /// byte is written to the socket), waiting for the response's headers (the server reading the rest, parsing, scoring, logging,
    /// starting the answer) and reading the response.</summary>
    public static async Task<(HttpStatusCode, Parts)> SendAsync(HttpClient client, string path, byte[] body, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        using var content = new TimedContent(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var headers = Stopwatch.GetTimestamp();
        await response.Content.ReadAsByteArrayAsync(ct);
        var end = Stopwatch.GetTimestamp();
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout))
            throw new InvalidOperationException($"predict answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        // A refusal can come before the body is written; then sending counts as nothing and waiting from the start.
        var sent = content.Sent == 0 || content.Sent > headers ? start : content.Sent;
        return (response.StatusCode, new Parts(Ms(start, sent), Ms(sent, headers), Ms(headers, end), response.Headers.RetryAfter?.Delta));
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>A JSON body that notes when its last byte was written to the connection.</summary>
    private sealed class TimedContent : HttpContent
    {
        private readonly byte[] body;

        public TimedContent(byte[] body)
        {
            this.body = body;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        public long Sent { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken ct)
        {
            await stream.WriteAsync(body, ct);
            Sent = Stopwatch.GetTimestamp();
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }

    /// <summary>The three parts in ms, and the answer's Retry-After (a refusal's wait) when it had one.</summary>
    public readonly record struct Parts(double Send, double Wait, double Read, TimeSpan? RetryAfter = null);
}
