using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Pipelines;
using MLCycle.Reports;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle models card NAME:VERSION [--format md|html] [--output FILE]`: a version's model card, printed or written.</summary>
public static class ModelsCardCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Argument<string>("model") { Description = "The version: NAME:VERSION (churn:3) or NAME@ALIAS (churn@champion)." };
        var format = new Option<string>("--format") { Description = "md (Markdown) or html.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "html");
        var output = new Option<string?>("--output") { Description = "Write the card to this file instead of printing it." };
        var command = new Command("card", "Show a version's model card: problem, data, metrics with intervals, slices, fairness, importance, limitations, promotion history.")
        {
            model, format, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await RunsCommand.OpenAsync(parse, ct);
            var card = await ModelCards.For(store).BuildAsync(parse.GetValue(model)!, ct);
            if (parse.GetValue(GlobalOptions.Json))
            {
                console.WriteJson(card);
                return ExitCodes.Ok;
            }
            var text = parse.GetValue(format) == "html" ? ModelCardWriter.Html(card) : ModelCardWriter.Markdown(card);
            if (parse.GetValue(output) is { } path)
            {
                await AtomicTextFile.WriteAsync(Path.GetFullPath(path), text, ct);
                console.Out.WriteLine($"Model card of {card.Name} v{card.Version} written to {Path.GetFullPath(path)}");
            }
            else console.Out.Write(text);
            return ExitCodes.Ok;
        });
        return command;
    }
}
