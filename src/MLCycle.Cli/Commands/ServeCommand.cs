using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Server;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle serve [--port 5080] [--host 127.0.0.1]`: REST serving of every registered model.</summary>
public static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var port = new Option<int>("--port") { Description = "Port to listen on.", DefaultValueFactory = _ => 5080 };
        var host = new Option<string>("--host") { Description = "Address to bind; loopback unless you mean otherwise.", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("serve", "Serve registered models over HTTP: POST /v1/models/{name}/predict.") { port, host };
        command.SetAction(async (parse, ct) =>
        {
            var store = Path.GetFullPath(parse.GetValue(GlobalOptions.Store)!);
            var urls = $"http://{parse.GetValue(host)}:{parse.GetValue(port)}";
            await using var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = store, Urls = urls }, ct);
            console.Err.WriteLine($"Serving models from {store} on {urls} (Ctrl+C to stop)");
            await app.RunAsync();
            return ExitCodes.Ok;
        });
        return command;
    }
}
