using System.CommandLine;
using MLCycle.Cli.Commands;
using MLCycle.Cli.Output;

namespace MLCycle.Cli;

/// <summary>The `mlcycle` command tree. Exit codes (<see cref="ExitCodes"/>): 0 ok, 1 error, 2 bad spec or arguments
/// (a missing data file included), 3 drift found or performance degraded (for `agent --once`: any finding), 4 validation failed, 5 tampered or unreadable model package, 6 a quality gate
/// failed, 7 feedback named prediction ids the log does not hold, 8 not allowed (no verified user, a missing role, approving one's own request).</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var console = new CliConsole(stdout ?? Console.Out, stderr ?? Console.Error);
        var root = new RootCommand("MLCycle: from a raw table to a monitored model in production, in .NET.")
        {
            GlobalOptions.Store,
            GlobalOptions.Artifacts,
            GlobalOptions.Server,
            GlobalOptions.Json,
            RunCommand.Create(console),
            RunsCommand.Create(console),
            ModelsCommand.Create(console),
            PredictCommand.Create(console),
            EvaluateCommand.Create(console),
            ServeCommand.Create(console),
            ServerCommand.Create(console),
            MonitorCommand.Create(console),
            AgentCommand.Create(console),
            FeedbackCommand.Create(console),
            ValidateCommand.Create(console),
            ProfileCommand.Create(console),
            AlgorithmsCommand.Create(console),
            StoreCommand.Create(console),
            UsersCommand.Create(console),
            AuditCommand.Create(console),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) console.Error(error.Message);
            console.Error("Run 'mlcycle --help' for usage.");
            return ExitCodes.BadArguments;
        }
        if (Remote.ServerConnection.Refusal(parse) is { } refusal)
        {
            console.Error(refusal);
            return ExitCodes.BadArguments;
        }
        try
        {
            var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Err, EnableDefaultExceptionHandler = false };
            // The library ends the process two seconds after SIGTERM or Ctrl+C; the server's host stops by itself, draining requests
            // and flushing the prediction log, which can take longer (a loaded server lost its queued log rows and exited 143).
            if (ServeCommand.StopsByItself(parse)) invocation.ProcessTerminationTimeout = null;
            return await parse.InvokeAsync(invocation);
        }
        catch (MLCycleException e)
        {
            console.Error(e.Message);
            return ExitCodes.For(e.Kind);
        }
        catch (MLCycle.Client.MLCycleApiException e)
        {
            console.Error(Remote.ServerConnection.Message(e));
            return ExitCodes.For(Remote.ServerConnection.Kind(e));
        }
        catch (OperationCanceledException)
        {
            console.Error("Cancelled.");
            return ExitCodes.Error;
        }
    }
}
