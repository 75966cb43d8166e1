namespace MLCycle;

/// <summary>
/// What went wrong, in the terms a host needs to answer: the CLI maps each kind to an exit code, the server to an HTTP status.
/// The library raises by kind and never by exit code or status.
/// </summary>
public enum ErrorKind
{
    /// <summary>The spec, an argument or a file named by either is wrong: a bad key, an unknown column, a data file that does not exist.</summary>
    BadSpec,

    /// <summary>The data itself is wrong: a malformed value in a row, a ragged row, an empty table.</summary>
    BadData,

    /// <summary>The store holds no experiment, run, model, version or alias by the name given.</summary>
    NotFound,

    /// <summary>The request contradicts what the store already holds: a write-once param, an artifact that already exists.</summary>
    Conflict,

    /// <summary>The data fails the expectations it was checked against.</summary>
    ValidationFailed,

    /// <summary>A model package is missing, unreadable or does not match its hashes.</summary>
    Tampered,

    /// <summary>Something MLCycle depends on cannot be reached or opened: a database, a download, a file it may not read.</summary>
    Unavailable,

    /// <summary>A run-time failure with no better kind, such as a trainer that throws.</summary>
    Failed,

    /// <summary>The acting user may not do this: a missing role, no verified user where one is needed, approving one's own request.</summary>
    Forbidden,
}
