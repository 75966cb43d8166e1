namespace MLCycle;

/// <summary>
/// A problem with the user's input (spec, data, request) that MLCycle explains in plain words.
/// Hosts print <see cref="Exception.Message"/> and exit with <see cref="ExitCode"/>; never a stack trace.
/// </summary>
public class MLCycleException(string message, int exitCode = 1, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>1 for errors reading data or running, 2 for an invalid spec or arguments.</summary>
    public int ExitCode { get; } = exitCode;
}
