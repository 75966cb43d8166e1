using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Monitoring;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle feedback --model NAME --file outcomes.csv`: stores what really happened for served predictions, keyed by the ids
/// the server returned or by the model's key column (--key-column); exit 7 when some ids or keys are unknown to the log.</summary>
public static class FeedbackCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = "The registered model NAME whose predictions the outcomes belong to.", Required = true };
        var file = new Option<string>("--file") { Description = "Outcomes (CSV or Parquet): one row per prediction id.", Required = true };
        var idColumn = new Option<string>("--id-column") { Description = "The column of prediction ids.", DefaultValueFactory = _ => "id" };
        var keyColumn = new Option<string?>("--key-column")
        {
            Description = "The column of the model's keys (its spec's monitor.key, such as customerID) instead of prediction ids; the default when the file has that column and no id column.",
        };
        var outcomeColumn = new Option<string?>("--outcome-column") { Description = "The column of true labels or values (default: the model's target)." };
        var command = new Command("feedback", "Store the true outcomes of logged predictions, for `mlcycle monitor --performance`.") { model, file, idColumn, keyColumn, outcomeColumn };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await RunsCommand.OpenAsync(parse, ct);
            var recorder = new FeedbackRecorder(store.Registry, store.Predictions, store.Artifacts);
            var result = await recorder.RecordFileAsync(parse.GetValue(model)!, parse.GetValue(file)!, parse.GetValue(idColumn)!, parse.GetValue(outcomeColumn), parse.GetValue(keyColumn), ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(result);
            else Write(console, result);
            return result.Unknown > 0 ? ExitCodes.UnknownIds : ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(CliConsole console, FeedbackResult result)
    {
        var by = result.KeyColumn is null ? "id" : "key";
        console.Out.WriteLine($"{result.Model}: {result.Received:N0} outcomes received, {result.Accepted:N0} stored, {result.Duplicates:N0} repeated {(result.KeyColumn is null ? "an id" : "a key")} (the last one kept), {result.Unknown:N0} unknown {by}s.");
        if (result.KeyColumn is { } key)
        {
            console.Out.WriteLine($"Matched by key '{key}': each key labels the latest prediction of that key in each version, made before the outcome arrived ({result.Labelled:N0} predictions labelled).");
        }
        if (result.UnknownIds.Count > 0) console.Out.WriteLine($"Ids not in the prediction log of '{result.Model}'{More(result, result.UnknownIds)}: {string.Join(", ", result.UnknownIds.Select(NameRules.Show))}");
        if (result.UnknownKeys.Count > 0) console.Out.WriteLine($"Keys not in the prediction log of '{result.Model}'{More(result, result.UnknownKeys)}: {string.Join(", ", result.UnknownKeys.Select(NameRules.Show))}");
    }

    private static string More(FeedbackResult result, IReadOnlyList<string> listed) =>
        listed.Count == FeedbackRecorder.MaxListedUnknownIds && result.Unknown > listed.Count ? $" (the first {listed.Count})" : "";
}
