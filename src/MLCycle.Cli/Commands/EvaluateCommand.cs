using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Evaluation;

namespace MLCycle.Cli.Commands;

/// <summary>
/// `mlcycle evaluate --predictions scored.csv --target churn [--positive Yes] [--task binary] [--prediction COL]
/// [--probability CLASS=COL] [--weight COL] [--slice COL] [--gates "roc_auc >= 0.8"]`: scores predictions made elsewhere with
/// the run's metric suite. Exit 0, or 6 when a gate fails.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create(CliConsole console)
    {
        // Options every evaluation takes, whatever made the predictions; they become one EvaluateOptions.
        var target = new Option<string>("--target") { Description = "The column holding the actual label or value.", Required = true };
        var task = new Option<string?>("--task") { Description = "binary, multiclass or regression; inferred from the probability columns and target values when absent." };
        var positive = new Option<string?>("--positive") { Description = "The positive class of a binary task (default: the greater class, e.g. Yes of No/Yes, 1 of 0/1)." };
        var weight = new Option<string?>("--weight") { Description = "A column of sample weights (numbers >= 0)." };
        var slice = new Option<string?>("--slice") { Description = "Also report the metrics for each value of this column." };
        var gates = new Option<string[]>("--gates") { Description = "A quality gate such as \"roc_auc >= 0.8\"; repeat for more. Exit code 6 when one fails." };
        // Where the predictions come from: a file of them.
        var predictions = new Option<string?>("--predictions") { Description = "CSV or Parquet file holding the target and the predictions (e.g. mlcycle predict's output)." };
        var prediction = new Option<string?>("--prediction") { Description = $"The predicted label or value column (default '{PredictionColumns.DefaultPrediction}')." };
        var probability = new Option<string[]>("--probability")
        {
            Description = $"CLASS=COL: the column holding CLASS's probability; repeat per class (default: the '{PredictionColumns.ProbabilityPrefix}CLASS' columns).",
        };
        var command = new Command("evaluate", "Score predictions against actual values with the metrics a run reports (scikit-learn's definitions).")
        {
            predictions, target, task, positive, prediction, probability, weight, slice, gates,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new EvaluateOptions
            {
                Target = parse.GetValue(target)!,
                Task = ParseTask(parse.GetValue(task)),
                PositiveClass = parse.GetValue(positive),
                WeightColumn = parse.GetValue(weight),
                SliceColumn = parse.GetValue(slice),
                Gates = (parse.GetValue(gates) ?? []).Select(QualityGate.Parse).ToList(),
            };
            var file = parse.GetValue(predictions)
                ?? throw new MLCycleException(ErrorKind.BadSpec, "Give --predictions FILE: a file with the target column and the predictions.");
            var columns = new PredictionColumns { Prediction = parse.GetValue(prediction), Probabilities = ParseProbabilities(parse.GetValue(probability)) };
            var report = await new PredictionFileEvaluator().EvaluateAsync(file, options, columns, ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(EvaluationView.Json(report));
            else EvaluationView.Write(console.Ansi, report);
            return report.GatesPassed ? ExitCodes.Ok : ExitCodes.GatesFailed;
        });
        return command;
    }

    private static TaskKind? ParseTask(string? text)
    {
        if (text is null) return null;
        return Enum.TryParse<TaskKind>(text, ignoreCase: true, out var task) && !int.TryParse(text, out _) ? task
            : throw new MLCycleException(ErrorKind.BadSpec, $"--task '{text}' is not a task; expected binary, multiclass or regression.");
    }

    private static Dictionary<string, string>? ParseProbabilities(string[]? pairs)
    {
        if (pairs is null || pairs.Length == 0) return null;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0 || eq == pair.Length - 1)
                throw new MLCycleException(ErrorKind.BadSpec, $"--probability '{pair}' is not CLASS=COLUMN; expected e.g. --probability Yes=p_yes.");
            if (!result.TryAdd(pair[..eq], pair[(eq + 1)..]))
                throw new MLCycleException(ErrorKind.BadSpec, $"--probability names class '{pair[..eq]}' twice.");
        }
        return result;
    }
}
