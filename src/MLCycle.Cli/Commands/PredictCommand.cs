using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Serving;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle predict --model REF --input in.csv --output out.csv`: batch scoring, streamed.</summary>
public static class PredictCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = "NAME, NAME@alias or NAME:version.", Required = true };
        var input = new Option<string>("--input") { Description = "CSV or Parquet file to score.", Required = true };
        var output = new Option<string>("--output") { Description = "CSV to write: the input columns plus the prediction.", Required = true };
        var explain = new Option<int>("--explain") { Description = "Add each row's K largest input contributions as columns explain_N_column, explain_N_value, explain_N_contribution." };
        var command = new Command("predict", "Score a file with a registered model; rows that fail validation are reported, never dropped.") { model, input, output, explain };
        command.SetAction(async (parse, ct) =>
        {
            // Given, K must be 1 or more; the model checks the upper bound (its number of input columns).
            if (parse.GetResult(explain) is { Implicit: false } && parse.GetValue(explain) < 1)
            {
                throw new MLCycleException(ErrorKind.BadSpec, $"--explain must be 1 or more contributions per row; found {parse.GetValue(explain)}.");
            }
            var json = parse.GetValue(GlobalOptions.Json);
            await using var store = await RunsCommand.OpenAsync(parse, ct);
            var result = await console.WithProgressAsync(json, progress =>
                new BatchScorer(store.Registry, store.Artifacts) { Explain = parse.GetValue(explain) }.ScoreFileAsync(parse.GetValue(model)!, parse.GetValue(input)!, parse.GetValue(output)!, progress, ct));
            if (json) console.WriteJson(result);
            else PredictView.Write(console, result);
            return result.RejectedRows == 0 ? ExitCodes.Ok : ExitCodes.Error;
        });
        return command;
    }
}
