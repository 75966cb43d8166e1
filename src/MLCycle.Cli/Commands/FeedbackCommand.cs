using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Monitoring;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle feedback --model NAME --file outcomes.csv`: stores what really happened for served predictions, keyed by the ids
/// the server returned; exit 7 when some ids are unknown to the log.</summary>
public static class FeedbackCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = "The registered model NAME whose predictions the outcomes belong to.", Required = true };
        var file = new Option<string>("--file") { Description = "Outcomes (CSV or Parquet): one row per prediction id.", Required = true };
        var idColumn = new Option<string>("--id-column") { Description = "The column of prediction ids.", DefaultValueFactory = _ => "id" };
        var outcomeColumn = new Option<string?>("--outcome-column") { Description = "The column of true labels or values (default: the model's target)." };
        var command = new Command("feedback", "Store the true outcomes of logged predictions, for `mlcycle monitor --performance`.") { model, file, idColumn, outcomeColumn };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await RunsCommand.OpenAsync(parse, ct);
            var recorder = new FeedbackRecorder(store.Registry, store.Predictions, store.Artifacts);
            var result = await recorder.RecordFileAsync(parse.GetValue(model)!, parse.GetValue(file)!, parse.GetValue(idColumn)!, parse.GetValue(outcomeColumn), ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(result);
            else Write(console, result);
            return result.Unknown > 0 ? ExitCodes.UnknownIds : ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(CliConsole console, FeedbackResult result)
    {
        console.Out.WriteLine($"{result.Model}: {result.Received:N0} outcomes received, {result.Accepted:N0} stored, {result.Duplicates:N0} repeated an id (the last one kept), {result.Unknown:N0} unknown ids.");
        if (result.Unknown > 0)
        {
            var more = result.Unknown > result.UnknownIds.Count ? $" (first {result.UnknownIds.Count} of {result.Unknown:N0})" : "";
            console.Out.WriteLine($"Not in the prediction log of '{result.Model}'{more}: {string.Join(", ", result.UnknownIds)}");
        }
    }
}
