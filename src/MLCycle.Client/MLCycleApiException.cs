using System.Net;

namespace MLCycle.Client;

/// <summary>The server refused a request (a 4xx or 5xx with its problem body's title and detail), or could not be reached
/// (<see cref="Status"/> null, the message naming the server's address).</summary>
public sealed class MLCycleApiException : Exception
{
    /// <summary>An error answered by the server, or a failure to reach it when <paramref name="status"/> is null.</summary>
    public MLCycleApiException(HttpStatusCode? status, string method, string path, string? title, string? detail, Exception? inner = null)
        : base(Describe(status, method, path, title, detail), inner)
    {
        Status = status;
        Method = method;
        Path = path;
        Title = title;
        Detail = detail;
    }

    /// <summary>The HTTP status the server answered; null when no answer came.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The request's method.</summary>
    public string Method { get; }

    /// <summary>The request's path and query, e.g. /api/v1/runs/abc/end.</summary>
    public string Path { get; }

    /// <summary>The problem body's title, e.g. "Forbidden".</summary>
    public string? Title { get; }

    /// <summary>The problem body's detail: the server's explanation.</summary>
    public string? Detail { get; }

    private static string Describe(HttpStatusCode? status, string method, string path, string? title, string? detail) =>
        status is { } s
            ? $"{method} {path} answered {(int)s} {title ?? s.ToString()}{(string.IsNullOrEmpty(detail) ? "." : ": " + detail)}"
            : $"{method} {path}: {detail}";
}
