namespace MLCycle.Server;

/// <summary>What the server needs to start: the store directory to serve from and the URLs to listen on.</summary>
public sealed record ServerOptions
{
    public required string StoreDirectory { get; init; }

    /// <summary>Semicolon-separated listen URLs; port 0 picks a free port.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";
}
