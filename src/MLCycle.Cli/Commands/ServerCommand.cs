using System.CommandLine;
using MLCycle.Cli.Output;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle server --store ADDRESS [--port 5080] …`: the team server, with the options of `serve`: the tracking REST API under
/// /api/v1, its OpenAPI document at /openapi/v1.json, and the prediction routes of `serve`, on one host.</summary>
public static class ServerCommand
{
    public static Command Create(CliConsole console) =>
        ServeCommand.Create(console, "server",
            "Run the team server: the tracking REST API under /api/v1 (OpenAPI at /openapi/v1.json) and the prediction routes of 'serve'.");
}
