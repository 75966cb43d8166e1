using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Evaluation;
using MLCycle.Reports;
using MLCycle.Serving;

namespace MLCycle.Cli.Commands;

/// <summary>
/// `mlcycle evaluate --model churn@champion --data labelled.csv [--target COL] [--slices contract,tenure:0,12,24,60] [--html FILE]`:
/// scores a labelled file with a registered model and reports metrics, refused rows, slices, fairness ([--sensitive sex,race]),
/// gates and permutation importance.
/// `mlcycle evaluate --predictions scored.csv --target churn [--positive Yes] [--task binary] [--prediction COL]
/// [--probability CLASS=COL] [--weight COL] [--slice COL] [--gates "roc_auc >= 0.8"]`: scores predictions made elsewhere with
/// the run's metric suite. Exit 0, or 6 when a gate fails.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create(CliConsole console)
    {
        // Options every evaluation takes, whatever made the predictions; they become one EvaluateOptions.
        var target = new Option<string?>("--target") { Description = "The column holding the actual label or value (with --model: default the model's target)." };
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
        // Or from a registered model scoring a labelled file.
        var model = new Option<string?>("--model") { Description = "A registered model (name, name@alias or name:version) to score --data with." };
        var data = new Option<string?>("--data") { Description = "With --model: a labelled CSV or Parquet file." };
        var slices = new Option<string[]>("--slices")
        {
            Description = "With --model: columns to slice by, comma-separated; numbers binned by quartiles, or by given edges as COL:0,12,24,60.",
        };
        var sensitive = new Option<string[]>("--sensitive")
        {
            Description = "With --model: columns to judge fairness over, comma-separated (default: the model's sensitive columns, data.sensitive of its run).",
        };
        var html = new Option<string?>("--html") { Description = "Also write the evaluation as an HTML page, its plots included." };
        var command = new Command("evaluate", "Score predictions, or a registered model on a labelled file, against actual values with the metrics a run reports (scikit-learn's definitions).")
        {
            predictions, target, task, positive, prediction, probability, weight, slice, gates, model, data, slices, sensitive, html,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(model) is { } reference)
            {
                var evaluated = await EvaluateModelAsync(parse, reference, parse.GetValue(data), new ModelEvaluateOptions
                {
                    Target = parse.GetValue(target),
                    Slices = ParseSlices(parse.GetValue(slices)),
                    Sensitive = parse.GetValue(sensitive) is { Length: > 0 } judged
                        ? judged.SelectMany(c => c.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList()
                        : null,
                    Gates = (parse.GetValue(gates) ?? []).Select(QualityGate.Parse).ToList(),
                }, ct);
                if (parse.GetValue(html) is { } page) await EvaluationHtmlWriter.WriteAsync(evaluated, page, ct);
                if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(EvaluationView.Json(evaluated));
                else EvaluationView.Write(console.Ansi, evaluated);
                return evaluated.GatesPassed ? ExitCodes.Ok : ExitCodes.GatesFailed;
            }
            var options = new EvaluateOptions
            {
                Target = parse.GetValue(target) ?? throw new MLCycleException(ErrorKind.BadSpec, "Give --target COL: the column holding the actual label or value."),
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
            if (parse.GetValue(html) is { } written) await EvaluationHtmlWriter.WriteAsync(report, written, ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(EvaluationView.Json(report));
            else EvaluationView.Write(console.Ansi, report);
            return report.GatesPassed ? ExitCodes.Ok : ExitCodes.GatesFailed;
        });
        return command;
    }

    private static async Task<EvaluationReport> EvaluateModelAsync(ParseResult parse, string reference, string? data, ModelEvaluateOptions options, CancellationToken ct)
    {
        if (data is null) throw new MLCycleException(ErrorKind.BadSpec, "Give --data FILE with --model: a labelled file to score.");
        await using var store = await RunsCommand.OpenAsync(parse, ct);
        return await new ModelFileEvaluator(store.Registry, store.Artifacts).EvaluateAsync(reference, data, options, ct);
    }

    // "contract,tenure:0,12,24,60": a bare number continues the bin edges of the column before it.
    private static List<SliceSpec> ParseSlices(string[]? values)
    {
        var specs = new List<string>();
        foreach (var part in (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (specs.Count > 0 && specs[^1].Contains(':') && double.TryParse(part, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
                specs[^1] += "," + part;
            else specs.Add(part);
        }
        return specs.Select(s => SliceSpec.Parse(s, "--slices")).ToList();
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
