using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Server;
using MLCycle.Server.Admission;
using MLCycle.Storage;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle serve [--port 5080] [--host 127.0.0.1] [--allowed-hosts a,b] [--require-token [false]] [--max-concurrency N] [--max-queued-rows N]
/// [--max-queue-latency MS] [--max-log-backlog PERCENT] [--run-lease 10m]`: REST serving of every registered model.</summary>
public static class ServeCommand
{
    /// <summary>True when the parsed command runs the server: its host drains requests in flight (up to the drain timeout) and then
    /// flushes the prediction log on SIGTERM or Ctrl+C, which the command-line library's own handling would cut short two seconds
    /// after the signal (ADR 0074).</summary>
    public static bool StopsByItself(ParseResult parse) => parse.CommandResult.Command is HostCommand;

    public static Command Create(CliConsole console) =>
        Create(console, "serve", "Serve registered models over HTTP: POST /v1/models/{name}/predict, and the Open Inference Protocol v2 under /v2.");

    /// <summary>The same host under another verb (<c>mlcycle server</c>): one host answers every route, so the verbs differ only in name.</summary>
    internal static Command Create(CliConsole console, string name, string description)
    {
        var port = new Option<int>("--port") { Description = "Port to listen on.", DefaultValueFactory = _ => 5080 };
        var host = new Option<string>("--host") { Description = "Address to bind; loopback unless you mean otherwise.", DefaultValueFactory = _ => "127.0.0.1" };
        var allowedHosts = new Option<string[]>("--allowed-hosts")
        {
            Description = "Host names the server answers (comma-separated; '*' for any). Default: loopback names on loopback, else the bound address, or any host when bound to every interface.",
            AllowMultipleArgumentsPerToken = true,
        };
        var requireToken = new Option<bool>("--require-token")
        {
            Description = "Whether scoring needs an API token ('--require-token false' opens it). Default: open on loopback, required on any other address. Every other route needs a token.",
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
        var maxQueueLatency = new Option<int>("--max-queue-latency")
        {
            Description = "Milliseconds the rows of large admitted prediction requests may take, at the rate the server measures itself answering rows; another large request that would make them wait longer is refused with 429 (0 turns this off).",
            DefaultValueFactory = _ => (int)new AdmissionOptions().MaxQueueLatency.TotalMilliseconds,
        };
        var maxLogBacklog = new Option<int>("--max-log-backlog")
        {
            Description = "Percent of the prediction log's 256 MB memory budget that may wait to be written before large prediction requests are refused with 429, so the log keeps up instead of dropping rows (100 turns this off).",
            DefaultValueFactory = _ => (int)Math.Round(new AdmissionOptions().MaxLogBacklog * 100),
        };
        var maxApiConcurrency = new Option<int>("--max-api-concurrency")
        {
            Description = "REST API and dashboard requests answered at once, apart from predictions; past it, 429 with Retry-After.",
            DefaultValueFactory = _ => AdmissionOptions.DefaultMaxApiConcurrency(Environment.ProcessorCount),
        };
        var agent = new Option<string?>("--agent") { Description = "Also run `mlcycle agent` for this spec inside the server, on its monitor.schedule." };
        var allowWebhook = new Option<string[]>("--allow-webhook") { Description = "With --agent: a host alerts may be posted to over https.", AllowMultipleArgumentsPerToken = true };
        var allowPrivate = new Option<bool>("--allow-private-webhooks") { Description = "With --agent: also allow http and loopback, private or link-local webhooks." };
        var runLease = RunLeaseOption.Create();
        var command = new HostCommand(name, description)
        {
            port, host, allowedHosts, requireToken, maxConcurrency, maxQueuedRows, maxQueueLatency, maxLogBacklog, maxApiConcurrency, agent, allowWebhook, allowPrivate,
            runLease,
        };
        command.SetAction(async (parse, ct) =>
        {
            var store = StoreOpener.Options(parse);
            var urls = $"http://{parse.GetValue(host)}:{parse.GetValue(port)}";
            var named = parse.GetValue(allowedHosts)?.SelectMany(h => h.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (parse.GetValue(maxConcurrency) < 1 || parse.GetValue(maxQueuedRows) < 1 || parse.GetValue(maxApiConcurrency) < 1)
            {
                console.Err.WriteLine($"--max-concurrency, --max-queued-rows and --max-api-concurrency must be 1 or more; found {parse.GetValue(maxConcurrency)}, "
                    + $"{parse.GetValue(maxQueuedRows)} and {parse.GetValue(maxApiConcurrency)}.");
                return ExitCodes.BadArguments;
            }
            if (parse.GetValue(maxQueueLatency) < 0)
            {
                console.Err.WriteLine($"--max-queue-latency must be 0 (off) or more milliseconds; found {parse.GetValue(maxQueueLatency)}.");
                return ExitCodes.BadArguments;
            }
            if (parse.GetValue(maxLogBacklog) is < 1 or > 100)
            {
                console.Err.WriteLine($"--max-log-backlog must be a percent from 1 to 100 (100 turns it off); found {parse.GetValue(maxLogBacklog)}.");
                return ExitCodes.BadArguments;
            }
            var admission = new AdmissionOptions
            {
                MaxConcurrency = parse.GetValue(maxConcurrency), MaxQueuedRows = parse.GetValue(maxQueuedRows), MaxApiConcurrency = parse.GetValue(maxApiConcurrency),
                MaxQueueLatency = TimeSpan.FromMilliseconds(parse.GetValue(maxQueueLatency)),
                MaxLogBacklog = parse.GetValue(maxLogBacklog) / 100.0,
            };
            var options = new ServerOptions
            {
                StoreDirectory = store.Address, ArtifactsDirectory = store.ArtifactsDirectory, Urls = urls, AllowedHosts = named is { Count: > 0 } ? named : null,
                Admission = admission,
                RequireToken = parse.GetResult(requireToken) is null ? null : parse.GetValue(requireToken),
                AgentSpec = parse.GetValue(agent),
                RunLease = parse.GetValue(runLease) is { } lease ? RunLeaseOption.Parse(lease)!.Value : ServerOptions.DefaultRunLease,
                Agent = new Agent.AgentOptions
                {
                    Webhooks = new Monitoring.Alerts.WebhookPolicy { AllowedHosts = parse.GetValue(allowWebhook) ?? [], AllowPrivate = parse.GetValue(allowPrivate) },
                },
            };
            // Declared first so it outlives the host's disposal, where the log is written out.
            using var again = new SecondSignal(console);
            await using var app = await ServerApp.BuildAsync(options, ct);
            var answered = options.AllowedHosts ?? AllowedHosts.For(urls);
            console.Err.WriteLine($"Serving models from {StoreAddress.Parse(store.Address)} on {urls}, answering host {string.Join(", ", answered)} (Ctrl+C to stop)");
            if (answered.Contains("*")) console.Err.WriteLine("Any Host header is answered; name the server's host names with --allowed-hosts.");
            var tokenNeeded = options.RequireToken ?? !AllowedHosts.OnlyLoopback(urls);
            console.Err.WriteLine(tokenNeeded ? "Scoring needs an API token ('mlcycle users add NAME' issues one)." : "Scoring is open to anyone who can reach this address; other routes need an API token.");
            await app.RunAsync();
            return ExitCodes.Ok;
        });
        return command;
    }

    // A command that runs the server's host, which stops on SIGTERM and Ctrl+C by itself (CliApp leaves the signals to it).
    private sealed class HostCommand(string name, string description) : Command(name, description);
}
