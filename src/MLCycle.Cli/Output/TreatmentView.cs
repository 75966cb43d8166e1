using System.Globalization;
using MLCycle.Preparation.Treatments;
using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>Prints the data treatments a model version fitted: sentinels, category normalisation and merged levels, outlier bounds.</summary>
public static class TreatmentView
{
    public static void Write(CliConsole console, int version, FittedTreatments t)
    {
        console.Ansi.MarkupLine($"[bold]Treatments of v{version}[/]  categories: {Normalization(t.Normalization)}");
        var table = new Table().AddColumns("column", "sentinels (to missing)", "outliers", "bounds", "merged into <other>");
        foreach (var n in t.Numeric)
        {
            var bounds = n.Low is { } low && n.High is { } high ? $"[{Num(low)}, {Num(high)}]" : "-";
            var outliers = n.Outliers is { } mode ? $"{mode.ToString().ToLowerInvariant()} ({n.Rule})" : "-";
            table.AddRow(CliConsole.Escape(n.Column), CliConsole.Escape(string.Join(", ", n.Sentinels.Select(Num))), CliConsole.Escape(outliers), CliConsole.Escape(bounds), "-");
        }
        foreach (var c in t.Categorical)
            table.AddRow(CliConsole.Escape(c.Column), CliConsole.Escape(string.Join(", ", c.Sentinels)), "-", "-", CliConsole.Escape(Levels(c.Merged)));
        console.Ansi.Write(table);
    }

    private static string Normalization(CategoryNormalization n) => n switch
    {
        CategoryNormalization.Trim => "trimmed",
        CategoryNormalization.TrimAndCaseFold => "trimmed and case-folded",
        _ => "as written",
    };

    private static string Levels(IReadOnlyList<string> levels) =>
        levels.Count <= 10 ? string.Join(", ", levels) : $"{string.Join(", ", levels.Take(10))} and {levels.Count - 10} more";

    private static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
