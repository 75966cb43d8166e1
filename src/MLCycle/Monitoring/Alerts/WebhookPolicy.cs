namespace MLCycle.Monitoring.Alerts;

/// <summary>Which webhooks alerts may go to: https to the listed hosts; http, and hosts that resolve to loopback, private or link-local
/// addresses, only when <see cref="AllowPrivate"/> says so explicitly.</summary>
public sealed record WebhookPolicy
{
    /// <summary>Host names (or address literals) alerts may be sent to, compared without case.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Allows http and non-public addresses (loopback, private, link-local); a webhook whose every address is such needs no listing then.</summary>
    public bool AllowPrivate { get; init; }
}
