using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Server;
using MLCycle.Server.Admission;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle serve [--port 5080] [--host 127.0.0.1] [--allowed-hosts a,b] [--max-concurrency N] [--max-queued-rows N]`: REST serving of every registered model.</summary>
public static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var port = new Option<int>("--port") { Description = "Port to listen on.", DefaultValueFactory = _ => 5080 };
        var host = new Option<string>("--host") { Description = "Address to bind; loopback unless you mean otherwise.", DefaultValueFactory = _ => "127.0.0.1" };
        var allowedHosts = new Option<string[]>("--allowed-hosts")
        {
            Description = "Host names the server answers (comma-separated; '*' for any). Default: loopback names on loopback, else the bound address, or any host when bound to every interface.",
            AllowMultipleArgumentsPerToken = true,
        };
        var maxConcurrency = new Option<int>("--max-concurrency")
        {
            Description = "Prediction requests answered at once; past it, 429 with Retry-After.",
            DefaultValueFactory = _ => AdmissionOptions.DefaultMaxConcurrency(Environment.ProcessorCount),
        };
        var maxQueuedRows = new Option<int>("--max-queued-rows")
        {
            Description = "Rows of admitted prediction requests not yet answered; a request that does not fit is refused with 429.",
            DefaultValueFactory = _ => AdmissionOptions.DefaultMaxQueuedRows(Environment.ProcessorCount),
        };
        var command = new Command("serve", "Serve registered models over HTTP: POST /v1/models/{name}/predict, and the Open Inference Protocol v2 under /v2.")
        {
            port, host, allowedHosts, maxConcurrency, maxQueuedRows,
        };
        command.SetAction(async (parse, ct) =>
        {
            var store = Path.GetFullPath(parse.GetValue(GlobalOptions.Store)!);
            var urls = $"http://{parse.GetValue(host)}:{parse.GetValue(port)}";
            var named = parse.GetValue(allowedHosts)?.SelectMany(h => h.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (parse.GetValue(maxConcurrency) < 1 || parse.GetValue(maxQueuedRows) < 1)
            {
                console.Err.WriteLine($"--max-concurrency and --max-queued-rows must be 1 or more; found {parse.GetValue(maxConcurrency)} and {parse.GetValue(maxQueuedRows)}.");
                return ExitCodes.BadArguments;
            }
            var admission = new AdmissionOptions { MaxConcurrency = parse.GetValue(maxConcurrency), MaxQueuedRows = parse.GetValue(maxQueuedRows) };
            var options = new ServerOptions { StoreDirectory = store, Urls = urls, AllowedHosts = named is { Count: > 0 } ? named : null, Admission = admission };
            await using var app = await ServerApp.BuildAsync(options, ct);
            var answered = options.AllowedHosts ?? AllowedHosts.For(urls);
            console.Err.WriteLine($"Serving models from {store} on {urls}, answering host {string.Join(", ", answered)} (Ctrl+C to stop)");
            if (answered.Contains("*")) console.Err.WriteLine("Any Host header is answered; name the server's host names with --allowed-hosts.");
            await app.RunAsync();
            return ExitCodes.Ok;
        });
        return command;
    }
}
