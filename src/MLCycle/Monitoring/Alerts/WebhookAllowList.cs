using System.Net;
using System.Net.Sockets;

namespace MLCycle.Monitoring.Alerts;

/// <summary>
/// Decides whether an alert may be sent to a webhook before any request is made: the scheme, the host against the allow-list, and
/// every address the host resolves to (IPv4-mapped and embedded IPv6 forms unwrapped), so a public-looking name that points at
/// loopback or a cloud metadata address is refused unless private webhooks are allowed.
/// </summary>
public sealed class WebhookAllowList(WebhookPolicy policy, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));

    public WebhookPolicy Policy { get; } = policy;

    /// <summary>Null when <paramref name="webhook"/> may receive alerts; otherwise why not, in a sentence naming the host or address.</summary>
    public async Task<string?> RefusalAsync(Uri webhook, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var host = webhook.IdnHost;
        if (webhook.Scheme != Uri.UriSchemeHttps && !(webhook.Scheme == Uri.UriSchemeHttp && Policy.AllowPrivate))
        {
            return webhook.Scheme == Uri.UriSchemeHttp
                ? $"webhook {webhook}: plain http is refused; use https, or allow it with --allow-private-webhooks"
                : $"webhook {webhook}: expected an https address, found scheme '{webhook.Scheme}'";
        }
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(host, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            return $"webhook {webhook}: host '{host}' does not resolve ({e.Message})";
        }
        if (addresses.Length == 0) return $"webhook {webhook}: host '{host}' resolves to no address";
        var nonPublic = addresses.FirstOrDefault(a => !IsPublic(a));
        if (nonPublic is not null && !Policy.AllowPrivate)
            return $"webhook {webhook}: host '{host}' resolves to {nonPublic}, a loopback, private or link-local address; allow it with --allow-private-webhooks";
        var listed = Policy.AllowedHosts.Any(h => string.Equals(h.Trim().Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase));
        if (!listed && !(Policy.AllowPrivate && addresses.All(a => !IsPublic(a))))
            return $"webhook {webhook}: host '{host}' is not on the allow-list; add --allow-webhook {host}";
        return null;
    }

    /// <summary>The addresses of <paramref name="host"/> (an address literal is itself).</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct = default) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await _resolve(host, ct).ConfigureAwait(false);

    /// <summary>The first of <paramref name="addresses"/> the policy forbids at connect time, or null.</summary>
    public IPAddress? Forbidden(IEnumerable<IPAddress> addresses) => Policy.AllowPrivate ? null : addresses.FirstOrDefault(a => !IsPublic(a));

    /// <summary>False for loopback, private, shared (CGNAT), link-local, unspecified, multicast and reserved addresses, in IPv4 or IPv6,
    /// including IPv4 addresses carried inside IPv6 (mapped, NAT64, 6to4).</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) return IsPublic(address.MapToIPv4());
        if (address.AddressFamily == AddressFamily.InterNetwork) return IsPublicV4(address.GetAddressBytes());
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        var b = address.GetAddressBytes();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
            return false;
        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach the IPv4 address they carry.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].All(x => x == 0)) return IsPublicV4(b[12..]);
        if (b[0] == 0x20 && b[1] == 0x02) return IsPublicV4(b[2..6]);
        // The deprecated IPv4-compatible form (::a.b.c.d) and the rest of ::/8 are not public.
        return b[0] != 0;
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
        || (b[0] == 100 && b[1] >= 64 && b[1] < 128)
        || (b[0] == 169 && b[1] == 254)
        || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
        || (b[0] == 192 && b[1] == 168)
        || (b[0] == 192 && b[1] == 0 && b[2] == 0)
        || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
}
