namespace MLCycle.Access;

/// <summary>One line of the append-only audit log: a write or a denied request, who made it, from where, and for registry
/// changes the state before and after as JSON.</summary>
public sealed record AuditEntry
{
    /// <summary>Set by the store on append; 0 before.</summary>
    public long Id { get; init; }
    public required DateTimeOffset Time { get; init; }

    /// <summary>The user name, "anonymous", or "local:OSUSER" for commands run on the store's machine.</summary>
    public required string Actor { get; init; }

    /// <summary>The remote IP address, or "local" for the CLI.</summary>
    public required string Address { get; init; }

    /// <summary>What was done: "users.add", "POST /v1/models/{reference}/predict".</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to: a user, a model reference, a path.</summary>
    public string? Target { get; init; }
    public required bool Allowed { get; init; }

    /// <summary>The HTTP status answered, when the entry is a request.</summary>
    public int? Status { get; init; }
    public string? BeforeJson { get; init; }
    public string? AfterJson { get; init; }
    public string? Detail { get; init; }
}
