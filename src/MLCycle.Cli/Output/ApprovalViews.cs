using System.Globalization;
using System.Text.Json;
using MLCycle.Registry;
using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>Terminal views of approval requests (with their evidence) and of which version each alias served at a moment.</summary>
public static class ApprovalViews
{
    public static void WriteList(CliConsole console, IReadOnlyList<ApprovalRequest> requests)
    {
        var table = new Table().AddColumns("id", "model", "alias", "version", "state", "requested by", "requested (UTC)", "expires (UTC)", "decided by", "reason");
        foreach (var r in requests)
        {
            table.AddRow($"#{r.Id}", CliConsole.Escape(r.Name), CliConsole.Escape(r.Alias), $"v{r.Version}", State(r.State), CliConsole.Escape(r.Requester),
                Time(r.RequestedAt), Time(r.ExpiresAt), CliConsole.Escape(r.Decider ?? ""), CliConsole.Escape(r.Reason));
        }
        console.Ansi.Write(table);
        foreach (var r in requests.Where(r => r.State == ApprovalState.Pending && r.Evidence is not null)) WriteEvidence(console, r);
    }

    public static void WriteOne(CliConsole console, ApprovalRequest request, string headline)
    {
        console.Ansi.MarkupLine(CliConsole.Escape(headline));
        WriteList(console, [request]);
    }

    /// <summary>The version's test metrics beside the champion's on the same rows, then the comparison, gates and fairness flags.</summary>
    private static void WriteEvidence(CliConsole console, ApprovalRequest request)
    {
        var e = request.Evidence!.Value;
        console.Ansi.MarkupLine($"[bold]Evidence for #{request.Id}[/] ({CliConsole.Escape(request.Name)} v{request.Version} from run {CliConsole.Escape(Text(e, "runId") ?? "?")})");
        var champion = e.TryGetProperty("championVersion", out var c) && c.ValueKind == JsonValueKind.Number ? $"champion v{c.GetInt32()} (same rows)" : "champion (not compared)";
        var table = new Table().AddColumns("metric", $"v{request.Version} (test)", champion);
        var theirs = e.TryGetProperty("championMetrics", out var cm) && cm.ValueKind == JsonValueKind.Object ? cm : default;
        if (e.TryGetProperty("testMetrics", out var tm) && tm.ValueKind == JsonValueKind.Object)
        {
            foreach (var metric in tm.EnumerateObject())
            {
                var other = theirs.ValueKind == JsonValueKind.Object && theirs.TryGetProperty(metric.Name, out var o) ? Number(o) : "";
                table.AddRow(CliConsole.Escape(metric.Name), Number(metric.Value), other);
            }
        }
        console.Ansi.Write(table);
        foreach (var (label, key) in new[] { ("comparison", "comparison"), ("paired test", "significance"), ("gates", "gates") })
        {
            if (Text(e, key) is { } text) console.Ansi.MarkupLine($"  {label}: {CliConsole.Escape(text)}");
        }
        if (e.TryGetProperty("fairness", out var fairness) && fairness.ValueKind == JsonValueKind.Array)
            console.Ansi.MarkupLine($"  fairness: {fairness.GetArrayLength()} sensitive column(s) judged; 'mlcycle models show {CliConsole.Escape(request.Name)}' has the detail");
    }

    public static void WriteAliasesAt(CliConsole console, string name, DateTimeOffset at, IReadOnlyList<AliasAtTime> aliases)
    {
        console.Ansi.MarkupLine($"[bold]{CliConsole.Escape(name)}[/] at {Time(at)} UTC");
        var table = new Table().AddColumns("alias", "version", "since (UTC)", "moved by", "request", "requested by", "why");
        foreach (var a in aliases)
        {
            table.AddRow(CliConsole.Escape(a.Alias), $"v{a.Version}", Time(a.MovedAt), CliConsole.Escape(a.MovedBy), a.RequestId is { } id ? $"#{id}" : "-",
                CliConsole.Escape(a.RequestedBy ?? "-"), CliConsole.Escape(a.Reason ?? ""));
        }
        console.Ansi.Write(table);
    }

    private static string State(ApprovalState state) => state switch
    {
        ApprovalState.Pending => "[yellow]pending[/]",
        ApprovalState.Approved => "[green]approved[/]",
        ApprovalState.Rejected => "[red]rejected[/]",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string? Text(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("0.####", CultureInfo.InvariantCulture) : CliConsole.Escape(value.ToString());
}
