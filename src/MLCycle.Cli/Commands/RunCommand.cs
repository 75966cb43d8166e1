using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Cli.Remote;
using MLCycle.Pipelines;
using MLCycle.Storage;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle run SPEC`: data, profile, prepare, train, evaluate, register, promote, report; with --server, trained here and
/// published to the team server.</summary>
public static class RunCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string>("spec") { Description = "Path of the mlcycle.yaml spec." };
        var maxColumns = MaxColumnsOption.Create();
        maxColumns.Description += " Overrides the spec's data.max_columns.";
        var command = new Command("run", "Run a spec through the whole lifecycle and register the model.") { spec, maxColumns };
        command.SetAction(async (parse, ct) =>
        {
            var json = parse.GetValue(GlobalOptions.Json);
            var loaded = SpecLoader.Load(parse.GetValue(spec)!);
            if (parse.GetValue(maxColumns) is { } max) loaded = loaded.WithMaxColumns(max);
            using var client = ServerConnection.Open(parse);
            var summary = await console.WithProgressAsync(json, async progress =>
            {
                using var input = await PipelinePreflight.CheckAsync(loaded, progress, ct);
                if (client is not null) return await new ServerRun(client).RunAsync(input, progress, ct);
                await using var store = await StoreOpener.OpenAsync(parse, ct);
                return await new PipelineRunner(store).RunAsync(input, progress, ct);
            });
            if (json) console.WriteJson(summary);
            else RunSummaryView.Write(console.Ansi, summary);
            return ExitCodes.Ok;
        });
        return command;
    }
}
