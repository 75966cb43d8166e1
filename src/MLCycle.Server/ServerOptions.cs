namespace MLCycle.Server;

/// <summary>What the server needs to start: the store directory to serve from the URLs to listen on, and the host names to answer.</summary>
public sealed record ServerOptions
{
    /// <summary>The store: a directory, or a postgresql:// address (see <see cref="MLCycle.Storage.StoreAddress"/>).</summary>
    public required string StoreDirectory { get; init; }

    /// <summary>The artifact folder; null for the store directory's own (required for a PostgreSQL store).</summary>
    public string? ArtifactsDirectory { get; init; }

    /// <summary>Semicolon-separated listen URLs; port 0 picks a free port.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>Host header values answered (ports aside); null for <see cref="Server.AllowedHosts.For"/> the listen URLs.</summary>
    public IReadOnlyList<string>? AllowedHosts { get; init; }

    /// <summary>Whether scoring needs an API token; null for <see cref="Server.AllowedHosts.OnlyLoopback"/>: open on loopback,
    /// required when the server listens beyond it. Every other route needs a token either way.</summary>
    public bool? RequireToken { get; init; }

    /// <summary>How the prediction log buffers rows (its byte budget above all); the defaults suit one server.</summary>
    public Monitoring.PredictionLogWriterOptions PredictionLog { get; init; } = new();

    /// <summary>Seeds the draw that sends requests to a canary route, for reproducible runs; null draws from an unseeded shared generator.</summary>
    public int? RouteSeed { get; init; }

    /// <summary>How many requests may wait for their shadow scoring; beyond this, shadow scorings are skipped and counted, never waited for.</summary>
    public int ShadowQueueCapacity { get; init; } = 1024;

    /// <summary>How many prediction requests and rows the server takes on at once, and how long it drains when stopped.</summary>
    public Admission.AdmissionOptions Admission { get; init; } = new();

    /// <summary>A spec whose agent runs inside the server on its <c>monitor.schedule</c> (alerts, retraining); null for none.</summary>
    public string? AgentSpec { get; init; }

    /// <summary>How long a run started through the API stays Running without a word from its client (a heartbeat, a log-batch, its
    /// creation) before the server ends it Killed (ADR 0055). Every server sharing a store should use the same length.</summary>
    public TimeSpan RunLease { get; init; } = DefaultRunLease;

    /// <summary>The default <see cref="RunLease"/>: long enough for a stalled network or a GC pause, short enough that a crashed
    /// client's run does not look alive for an afternoon.</summary>
    public static readonly TimeSpan DefaultRunLease = TimeSpan.FromMinutes(10);

    /// <summary>The webhooks the in-server agent may call and how it checks.</summary>
    public MLCycle.Agent.AgentOptions Agent { get; init; } = new();
}
