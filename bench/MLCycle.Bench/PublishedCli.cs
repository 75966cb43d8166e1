using System.Diagnostics;

namespace MLCycle.Bench;

/// <summary>
/// The `mlcycle` command as a user installs it (`dotnet publish src/MLCycle.Cli`, which precompiles it ReadyToRun), so
/// benchmarks time whole processes: start-up, JIT, DuckDB loading and printing included.
/// </summary>
public sealed class PublishedCli
{
    private PublishedCli(string executable) => Executable = executable;

    /// <summary>The published apphost.</summary>
    public string Executable { get; }

    /// <summary>Publishes the CLI from the repository this benchmark runs in into <paramref name="folder"/>.</summary>
    public static async Task<PublishedCli> PublishAsync(string folder)
    {
        var project = Path.Combine(RepoRoot(), "src", "MLCycle.Cli");
        Console.Error.WriteLine($"Publishing {project} (ReadyToRun) to {folder} ...");
        var info = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", folder, "--nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed:\n{await output}\n{await errors}");
        return new PublishedCli(Path.Combine(folder, OperatingSystem.IsWindows() ? "MLCycle.Cli.exe" : "MLCycle.Cli"));
    }

    /// <summary>A CLI published elsewhere (for example from an older commit), by its executable.</summary>
    public static PublishedCli At(string executable) =>
        File.Exists(executable) ? new PublishedCli(executable) : throw new FileNotFoundException($"No mlcycle executable at '{executable}'.");

    /// <summary>Runs the command to its end and returns its wall-clock time; a non-zero exit code throws with its output.</summary>
    public async Task<TimeSpan> TimeAsync(string workingDirectory, params string[] args) => (await RunAsync(workingDirectory, args)).Elapsed;

    /// <summary>Runs the command to its end and returns its wall-clock time and standard output; a non-zero exit code throws with its output.</summary>
    public async Task<(TimeSpan Elapsed, string Output)> RunAsync(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(Executable, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"mlcycle {string.Join(' ', args)} exited {process.ExitCode}:\n{await output}\n{await errors}");
        return (elapsed, await output);
    }

    /// <summary>The repository this benchmark runs from.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MLCycle.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Run the benchmark from inside the MLCycle repository (MLCycle.slnx not found above it).");
    }
}
