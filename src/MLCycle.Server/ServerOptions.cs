namespace MLCycle.Server;

/// <summary>What the server needs to start: the store directory to serve from the URLs to listen on, and the host names to answer.</summary>
public sealed record ServerOptions
{
    public required string StoreDirectory { get; init; }

    /// <summary>Semicolon-separated listen URLs; port 0 picks a free port.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>Host header values answered (ports aside); null for <see cref="Server.AllowedHosts.For"/> the listen URLs.</summary>
    public IReadOnlyList<string>? AllowedHosts { get; init; }

    /// <summary>How many prediction requests and rows the server takes on at once, and how long it drains when stopped.</summary>
    public Admission.AdmissionOptions Admission { get; init; } = new();
}
