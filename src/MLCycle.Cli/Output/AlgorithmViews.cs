using System.Globalization;
using MLCycle.Training.Algorithms;
using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>The algorithm catalog as a terminal table: one row per algorithm, one line per tuned hyperparameter.</summary>
public static class AlgorithmViews
{
    public static void Write(CliConsole console, IReadOnlyList<AlgorithmDescriptor> algorithms)
    {
        var table = new Table().AddColumns("algorithm", "tasks", "description", "tunes (default, range)");
        foreach (var a in algorithms)
        {
            var name = a.Aliases.Count == 0 ? a.Name : $"{a.Name} (alias {string.Join(", ", a.Aliases)})";
            var tunes = a.Hyperparameters.Count == 0 ? "-" : string.Join("\n", a.Hyperparameters.Select(Describe));
            table.AddRow(CliConsole.Escape(name), string.Join(", ", a.Tasks.Select(AlgorithmCatalog.TaskName)), CliConsole.Escape(a.Description), CliConsole.Escape(tunes));
        }
        // One line per hyperparameter reads as a list; the description wraps instead.
        table.Columns[3].NoWrap();
        console.Ansi.Write(table);
    }

    /// <summary>"learning_rate 0.1 [0.005, 0.5] log"; "auto" where the trainer picks the default from the data.</summary>
    private static string Describe(Hyperparameter h)
    {
        var scale = (h.Integer, h.LogScale) switch { (true, true) => " integer, log", (true, false) => " integer", (false, true) => " log", _ => "" };
        return $"{h.Name} {(h.Default is { } d ? Num(d) : "auto")} [{Num(h.Minimum)}, {Num(h.Maximum)}]{scale}";
    }

    private static string Num(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
