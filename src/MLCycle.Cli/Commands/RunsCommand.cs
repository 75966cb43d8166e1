using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Cli.Remote;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle runs list | show RUN | compare RUN RUN`: the tracking store, as MLflow shows it.</summary>
public static class RunsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("runs", "List, show and compare tracked runs.");
        command.Add(List(console));
        command.Add(Show(console));
        command.Add(Compare(console));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var experiment = new Option<string?>("--experiment") { Description = "Only runs of this experiment (the spec's name)." };
        var max = new Option<int>("--max") { Description = "Runs per page.", DefaultValueFactory = _ => 20 };
        var page = new Option<string?>("--page-token") { Description = "Continue a listing from the token it printed." };
        var command = new Command("list", "List runs, newest first; a search's trials are child runs, shown by 'runs show PARENT'.") { experiment, max, page };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(experiment) is { } name) NameRules.ExperimentName(name);
            var result = await SearchAsync(parse, parse.GetValue(experiment), parse.GetValue(max), parse.GetValue(page), ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(result);
            else RunViews.WriteList(console, result);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var run = new Argument<string>("run") { Description = "Run id (a unique prefix is enough)." };
        var command = new Command("show", "Show a run's params, metrics, tags and artifacts, and its child runs (a search's trials).") { run };
        command.SetAction(async (parse, ct) =>
        {
            var (found, artifacts, children) = await ReadRunAsync(parse, parse.GetValue(run)!, ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(new { run = found, artifacts, children });
            else RunViews.WriteRun(console, found, artifacts, children);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Compare(CliConsole console)
    {
        var first = new Argument<string>("run") { Description = "First run id." };
        var second = new Argument<string>("other") { Description = "Second run id." };
        var command = new Command("compare", "Compare two runs' params and metrics side by side.") { first, second };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await OpenAsync(parse, ct);
            var a = await store.Tracking.GetRunAsync(parse.GetValue(first)!, ct);
            var b = await store.Tracking.GetRunAsync(parse.GetValue(second)!, ct);
            var comparison = MLCycle.Tracking.RunComparison.Create(a, b);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(comparison);
            else RunViews.WriteComparison(console, comparison);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<Page<Run>> SearchAsync(ParseResult parse, string? experiment, int max, string? page, CancellationToken ct)
    {
        if (ServerConnection.Open(parse) is { } client)
        {
            using (client) return RemoteRecords.ToPage(await client.GetRunsPageAsync(experiment, pageSize: max, pageToken: page, ct: ct));
        }
        await using var store = await OpenAsync(parse, ct);
        return await store.Tracking.SearchRunsAsync(experiment, max, page, ct);
    }

    private static async Task<(Run Run, IReadOnlyList<ArtifactInfo> Artifacts, IReadOnlyList<Run> Children)> ReadRunAsync(ParseResult parse, string id, CancellationToken ct)
    {
        if (ServerConnection.Open(parse) is { } client)
        {
            using (client)
            {
                var remote = RemoteRecords.ToRun(await client.GetRunAsync(id, ct));
                return (remote, [.. (await client.ListArtifactsAsync(remote.RunId, ct)).Select(RemoteRecords.ToArtifact)],
                    [.. (await client.GetChildRunsAsync(remote.RunId, ct)).Select(RemoteRecords.ToRun)]);
            }
        }
        await using var store = await OpenAsync(parse, ct);
        var found = await store.Tracking.GetRunAsync(id, ct);
        return (found, store.Artifacts.List(found.RunId), await store.Tracking.GetChildRunsAsync(found.RunId, ct));
    }

    internal static Task<MLCycleStore> OpenAsync(ParseResult parse, CancellationToken ct) =>
        StoreOpener.OpenExistingAsync(parse, ct);
}
