namespace MLCycle;

/// <summary>
/// A problem MLCycle explains in plain words, with its <see cref="ErrorKind"/>. Hosts print <see cref="Exception.Message"/>
/// and map the kind to an exit code or an HTTP status; never a stack trace.
/// </summary>
public class MLCycleException(ErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What went wrong, for the host to answer with.</summary>
    public ErrorKind Kind { get; } = kind;
}
