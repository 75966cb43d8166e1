using System.Net;

namespace MLCycle.Server;

/// <summary>
/// The Host header values the server answers. A server bound to loopback answers only loopback names, so a web page
/// whose name an attacker re-points at 127.0.0.1 (DNS rebinding) cannot reach it; a server bound to a specific address
/// answers that address; one bound to every interface answers any host unless told which.
/// </summary>
public static class AllowedHosts
{
    /// <summary>What to allow for the listen URLs when the user named no hosts.</summary>
    public static IReadOnlyList<string> For(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var hosts = new List<string>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var host = HostOf(url);
            if (host is "*" or "+" or "0.0.0.0" or "[::]" or "::") return ["*"];
            if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IsLoopbackAddress(host))
            {
                hosts.AddRange(["localhost", "127.0.0.1", "[::1]"]);
            }
            else
            {
                hosts.Add(host);
            }
        }
        return [.. hosts.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Whether every listen URL is a loopback address or name, so only this machine can reach the server.</summary>
    public static bool OnlyLoopback(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(HostOf).All(h => h.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IsLoopbackAddress(h));
    }

    private static string HostOf(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) is var i and >= 0 ? i + 3 : 0)..];
        if (rest.StartsWith('[')) return rest[..(rest.IndexOf(']') + 1)];
        var end = rest.IndexOfAny([':', '/']);
        return end < 0 ? rest : rest[..end];
    }

    private static bool IsLoopbackAddress(string host) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
}
