using MLCycle.Validation;
using Spectre.Console;
using ValidationResult = MLCycle.Validation.ValidationResult;

namespace MLCycle.Cli.Output;

/// <summary>Each expectation with pass/fail, what was observed, and example rows for failures.</summary>
public static class ValidationView
{
    public static void Write(CliConsole console, ValidationResult result)
    {
        var table = new Table().AddColumns("expectation", "column", "result", "observed", "expected", "unexpected", "example rows");
        foreach (var r in result.Results.OrderBy(r => r.Passed))
        {
            var examples = string.Join("; ", r.Examples.Take(3).Select(e => $"row {e.Row}: " + string.Join(", ", e.Values.Select(v => $"{v.Key}={v.Value ?? "null"}"))));
            table.AddRow(CliConsole.Escape(r.Expectation), CliConsole.Escape(r.Column ?? ""), r.Passed ? "[green]pass[/]" : "[red]fail[/]",
                CliConsole.Escape(r.Observed), CliConsole.Escape(r.Expected), r.UnexpectedCount.ToString("N0"), CliConsole.Escape(examples));
        }
        console.Ansi.Write(table);
        var failed = result.Results.Count(r => !r.Passed);
        console.Ansi.MarkupLine(failed == 0
            ? $"[green]All {result.Results.Count} expectations passed[/] on {result.Rows:N0} rows."
            : $"[red]{failed} of {result.Results.Count} expectations failed[/] on {result.Rows:N0} rows (exit code 4).");
    }
}
