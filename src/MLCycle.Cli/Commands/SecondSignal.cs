using System.Diagnostics;
using System.Runtime.InteropServices;
using MLCycle.Cli.Output;

namespace MLCycle.Cli.Commands;

/// <summary>
/// While the server stops after Ctrl+C or SIGTERM (draining requests for up to the drain timeout, then writing the prediction log
/// to the store), a second Ctrl+C or SIGTERM ends the process at once, with SIGKILL's exit status (137): a stop that hangs, on a
/// store that no longer answers, is ended without looking up the process id. The first signal is the host's to handle; its handler
/// swallows every later one until the host is disposed (ADR 0074).
/// </summary>
internal sealed class SecondSignal : IDisposable
{
    private readonly CliConsole console;
    private readonly PosixSignalRegistration[] registrations;
    private int seen;

    public SecondSignal(CliConsole console)
    {
        this.console = console;
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public void Dispose()
    {
        foreach (var registration in registrations) registration.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref seen) < 2) return;
        console.Err.WriteLine("Second stop signal: ending at once; requests in flight are cut and log rows not yet written are lost.");
        console.Err.Flush();
        Process.GetCurrentProcess().Kill();
    }
}
