namespace MLCycle.Client;

/// <summary>One line of the server's audit log: a write or a refused request, who made it, from where, and for registry changes the
/// state before and after as JSON.</summary>
public sealed record AuditEntryInfo
{
    /// <summary>Its place in the log: later lines have higher ids.</summary>
    public long Id { get; init; }

    /// <summary>When it was written.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The user name, "anonymous", or "local:OSUSER" for a command run on the store's machine.</summary>
    public required string Actor { get; init; }

    /// <summary>The remote address, or "local".</summary>
    public required string Address { get; init; }

    /// <summary>What was done, e.g. "users.add" or "PUT /api/v1/models/{name}/aliases/{alias}".</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to: a user, a model and alias, a path.</summary>
    public string? Target { get; init; }

    /// <summary>False for a refused request.</summary>
    public bool Allowed { get; init; }

    /// <summary>The HTTP status answered, when the line is a request.</summary>
    public int? Status { get; init; }

    /// <summary>The state before a registry change, as JSON.</summary>
    public string? BeforeJson { get; init; }

    /// <summary>The state after a registry change, as JSON.</summary>
    public string? AfterJson { get; init; }

    /// <summary>Why a request was refused, or other detail.</summary>
    public string? Detail { get; init; }
}
