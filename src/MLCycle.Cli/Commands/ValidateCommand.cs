using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Validation;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle validate DATA --suite S.yaml` (exit 0 pass, 4 fail) or `--suggest` to derive a suite from trusted data.</summary>
public static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Argument<string>("data") { Description = "CSV or Parquet file to check." };
        var suite = new Option<string?>("--suite") { Description = "Expectation suite (YAML) to check the data against." };
        var suggest = new Option<bool>("--suggest") { Description = "Write a suite derived from this (trusted) data to standard output." };
        var reference = new Option<string?>("--reference") { Description = "Trusted data whose distribution `distribution:` expectations compare with." };
        var maxColumns = MaxColumnsOption.Create();
        var command = new Command("validate", "Check data against an expectation suite, or suggest one from trusted data.") { data, suite, suggest, reference, maxColumns };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(data)!;
            var suitePath = parse.GetValue(suite);
            if (parse.GetValue(suggest) == (suitePath is not null))
                throw new MLCycleException(ErrorKind.BadSpec, "Give either --suite FILE or --suggest (one of them).");
            var read = new TableReadOptions { MaxColumns = parse.GetValue(maxColumns) ?? TableReadOptions.DefaultMaxColumns };
            if (parse.GetValue(suggest))
            {
                console.Out.Write(SuiteSuggester.ToYaml(await SuiteSuggester.SuggestAsync(path, read, ct)));
                return ExitCodes.Ok;
            }
            var expectations = ExpectationSuiteLoader.Load(suitePath!);
            var referencePath = parse.GetValue(reference);
            var profile = referencePath is null ? null : await new DatasetProfiler().ProfileAsync(referencePath, read, ct);
            var result = await new DataValidator().ValidateAsync(path, expectations, profile, read, ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(result);
            else ValidationView.Write(console, result);
            return result.Success ? ExitCodes.Ok : ExitCodes.ValidationFailed;
        });
        return command;
    }
}
