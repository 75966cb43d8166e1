namespace MLCycle.Cli;

/// <summary>Exit codes that CI pipelines can branch on, and the one place where an error's kind becomes one.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int BadArguments = 2;
    public const int DriftFound = 3;
    public const int ValidationFailed = 4;
    public const int Tampered = 5;
    /// <summary>`mlcycle evaluate`: a quality gate given with --gates failed.</summary>
    public const int GatesFailed = 6;
    /// <summary>`mlcycle feedback`: some outcomes name prediction ids the log does not hold (the others are stored).</summary>
    public const int UnknownIds = 7;
    /// <summary>The acting user may not do this: no verified user (MLCYCLE_TOKEN) on a store with users or with --server, a token the
    /// server refuses (401), a missing role, or approving one's own request.</summary>
    public const int Forbidden = 8;

    /// <summary>The exit code for an error of <paramref name="kind"/>: a bad spec or argument (a missing data file included) is 2,
    /// failed expectations 4, a tampered or unreadable model package 5, an actor without the right 8, anything else 1.</summary>
    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.BadSpec => BadArguments,
        ErrorKind.ValidationFailed => ValidationFailed,
        ErrorKind.Tampered => Tampered,
        ErrorKind.Forbidden => Forbidden,
        // Bad data, a missing name, a conflict, an unreachable dependency or a failed run: the command did not do its job.
        ErrorKind.BadData or ErrorKind.NotFound or ErrorKind.Conflict or ErrorKind.Unavailable or ErrorKind.Failed => Error,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "This error kind has no exit code."),
    };
}
