using System.Diagnostics;

namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle ARGS` in a real child process (the built MLCycle.Cli.dll), for tests of several processes sharing a store.</summary>
public static class CliProcess
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);

    /// <summary>Runs with <paramref name="environment"/> added to (or, with null values, removed from) the child's environment.</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        foreach (var arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "MLCycle.Cli.dll") }.Concat(args))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running `mlcycle ARGS` (serve, agent) and returns at once; its output is drained so a chatty process
    /// never blocks on a full pipe. The caller kills it.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "MLCycle.Cli.dll") }.Concat(args))
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Starts one process per argument list at once and waits for all of them.</summary>
    public static Task<CliResult[]> RunAtOnceAsync(IEnumerable<string[]> argLists) => Task.WhenAll(argLists.Select(RunAsync));
}
