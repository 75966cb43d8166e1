using System.Globalization;
using MLCycle.Access;
using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>The audit log as a terminal table; what it holds came from callers, so every cell is escaped.</summary>
public static class AuditView
{
    public static void Write(CliConsole console, IReadOnlyList<AuditEntry> entries, DateTimeOffset since)
    {
        console.Ansi.MarkupLine($"{entries.Count} entr{(entries.Count == 1 ? "y" : "ies")} since {since.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC");
        var table = new Table().AddColumns("time (UTC)", "who", "from", "action", "target", "result", "change");
        foreach (var e in entries)
        {
            var result = e.Allowed ? "allowed" : "denied";
            if (e.Status is { } status) result += $" {status.ToString(CultureInfo.InvariantCulture)}";
            var change = e.BeforeJson is null && e.AfterJson is null ? e.Detail ?? "" : $"{e.BeforeJson ?? "-"} -> {e.AfterJson ?? "-"}";
            table.AddRow(e.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Cell(e.Actor), Cell(e.Address), Cell(e.Action),
                Cell(e.Target ?? ""), e.Allowed ? result : $"[red]{result}[/]", Cell(change));
        }
        console.Ansi.Write(table);
    }

    private static string Cell(string text) => CliConsole.Escape(CliConsole.Printable(text));
}
