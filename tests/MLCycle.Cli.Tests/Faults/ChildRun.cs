using System.Collections.Concurrent;
using System.Diagnostics;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>`mlcycle run SPEC --store DIR` in a real child process (the built MLCycle.Cli.dll), so it can be killed with SIGKILL.
/// The progress lines it prints (on stderr, since it is not a terminal) are kept with the time they appeared.</summary>
public sealed class ChildRun : IDisposable
{
    private readonly Process process;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<(TimeSpan At, string Line)> lines = new();
    private readonly ConcurrentQueue<string> stdout = new();
    private readonly Action<string>? onLine;

    private ChildRun(IEnumerable<string> cliArgs, Action<string>? onLine, IReadOnlyDictionary<string, string>? environment = null)
    {
        this.onLine = onLine;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "MLCycle.Cli.dll") }.Concat(cliArgs))
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) stdout.Enqueue(e.Data); };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public int ProcessId => process.Id;
    public TimeSpan Elapsed => clock.Elapsed;
    /// <summary>The progress lines (stderr) with the time each appeared.</summary>
    public IReadOnlyList<(TimeSpan At, string Line)> Lines => [.. lines];
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    /// <summary>Starts the child; <paramref name="onLine"/> sees every line as it arrives (on a reader thread).</summary>
    public static ChildRun Start(string spec, string store, Action<string>? onLine = null) => new(["run", spec, "--store", store], onLine);

    /// <summary>Starts `mlcycle run SPEC --server URL` with <paramref name="token"/> in MLCYCLE_TOKEN.</summary>
    public static ChildRun StartOnServer(string spec, string server, string token, Action<string>? onLine = null) =>
        new(["run", spec, "--server", server], onLine, new Dictionary<string, string> { [CliActor.TokenVariable] = token });

    /// <summary>Starts `mlcycle agent --spec SPEC STORE-ARGS` (ticking on the spec's schedule) the same way; <paramref name="storeArgs"/>
    /// name the store (--store, and --artifacts for PostgreSQL).</summary>
    public static ChildRun StartAgent(string spec, IEnumerable<string> storeArgs, Action<string>? onLine = null) => new(["agent", "--spec", spec, .. storeArgs], onLine);

    /// <summary>SIGKILL without waiting: safe from an <c>onLine</c> callback, whose reader thread a wait for the end of output would
    /// block; call <see cref="Kill"/> afterwards to reap the process.</summary>
    public void KillNow()
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }

    /// <summary>SIGKILL (Process.Kill sends it on Unix), then waits until the process is reaped, so its id is truly gone.</summary>
    public void Kill()
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had already exited: the kill came after the end.
        }
        process.WaitForExit();
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public override string ToString() =>
        string.Join('\n', lines.Select(l => $"{l.At.TotalSeconds,6:0.00}s {l.Line}").Append("stdout:").Concat(stdout));

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null) return;
        lines.Enqueue((clock.Elapsed, line));
        onLine?.Invoke(line);
    }
}
