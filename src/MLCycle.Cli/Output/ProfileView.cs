using System.Globalization;
using ColumnKind = MLCycle.Data.ColumnKind;
using MLCycle.Profiling;
using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>A data profile as terminal tables: dataset facts, one row per column, the issues, and the bias groups with findings.</summary>
public static class ProfileView
{
    private const int MaxIssueRows = 50;
    private const int MaxGroupRows = 40;

    public static void Write(CliConsole console, string path, DatasetProfile profile, DataReport report, IReadOnlyList<string> notes)
    {
        console.Ansi.MarkupLine($"[bold]{CliConsole.Escape(Path.GetFileName(path))}[/]: {profile.Rows:N0} rows, {profile.Columns.Count:N0} columns, " +
            $"{profile.DuplicateRows:N0} duplicate rows, constant columns: {CliConsole.Escape(profile.ConstantColumns.Count == 0 ? "none" : string.Join(", ", profile.ConstantColumns))}");
        if (profile.Target is { } target && profile.TargetBalance is { Count: > 0 } balance)
            console.Ansi.MarkupLine($"target [bold]{CliConsole.Escape(target)}[/]: {CliConsole.Escape(string.Join(", ", balance.Take(10).Select(v => $"{v.Value} {v.Count:N0}")))}");

        var columns = new Table().AddColumns("column", "kind", "missing", "distinct", "mean", "std", "top values");
        foreach (var c in report.Columns)
        {
            var top = c.Type == ColumnKind.Numeric ? "" : string.Join(", ", c.Stats.Top.Take(3).Select(v => $"{v.Value} ({v.Count:N0})"));
            columns.AddRow(CliConsole.Escape(c.Name), c.Type.ToString().ToLowerInvariant(), Missing(c.Missing, report.Rows), c.Distinct.ToString("N0", CultureInfo.InvariantCulture),
                Num(c.Stats.Mean), Num(c.Stats.Std), CliConsole.Escape(top));
        }
        console.Ansi.Write(columns);

        if (report.Issues.Count == 0) console.Out.WriteLine("No issues found.");
        else
        {
            var issues = new Table().AddColumns("issue", "column", "rows", "example");
            foreach (var i in report.Issues.Take(MaxIssueRows))
                issues.AddRow(CliConsole.Escape(i.Kind), CliConsole.Escape(i.Column ?? "(table)"), i.Count.ToString("N0", CultureInfo.InvariantCulture),
                    CliConsole.Escape(i.Examples.FirstOrDefault() is { } e ? $"row {e.Row}: {e.Value ?? "(missing)"}" : ""));
            console.Ansi.Write(issues);
            if (report.Issues.Count > MaxIssueRows) console.Out.WriteLine($"{report.Issues.Count - MaxIssueRows} more issues; --json lists them all.");
        }

        if (report.Bias.Count > 0) WriteBias(console, report.Bias);
        foreach (var note in notes) console.Out.WriteLine(note);
    }

    private static void WriteBias(CliConsole console, IReadOnlyList<DataReportBias> bias)
    {
        var table = new Table().AddColumns("sensitive", "group", "rows", "share", "target rate", "under-represented");
        var groups = bias.SelectMany(b => b.Groups.Select(g => (Columns: string.Join("×", b.Columns), Group: g))).ToList();
        foreach (var (columns, g) in groups.Take(MaxGroupRows))
            table.AddRow(CliConsole.Escape(columns), CliConsole.Escape(g.Group), g.Rows.ToString("N0", CultureInfo.InvariantCulture), Pct(g.Share),
                Num(g.TargetRate), g.UnderRepresented ? "[red]yes[/]" : "");
        console.Ansi.Write(table);
        if (groups.Count > MaxGroupRows) console.Out.WriteLine($"{groups.Count - MaxGroupRows} more groups; --json or --html lists them all.");
        foreach (var finding in bias.SelectMany(b => b.Findings)) console.Out.WriteLine($"- {finding}");
    }

    private static string Missing(long missing, long rows) =>
        missing == 0 || rows == 0 ? "0" : $"{missing.ToString("N0", CultureInfo.InvariantCulture)} ({Pct((double)missing / rows)})";

    private static string Pct(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Num(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.###", CultureInfo.InvariantCulture) : "";
}
