using System.Globalization;
using MLCycle.Registry;
using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>Terminal tables for the registry: models, one model's versions, and its alias history.</summary>
public static class ModelViews
{
    public static void WriteList(CliConsole console, IReadOnlyList<RegisteredModel> models)
    {
        var table = new Table().AddColumns("model", "latest", "aliases", "created (UTC)");
        foreach (var m in models)
            table.AddRow(CliConsole.Escape(m.Name), m.LatestVersion is { } v ? $"v{v.Version}" : "", CliConsole.Escape(Aliases(m.Aliases)), m.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        console.Ansi.Write(table);
    }

    public static void WriteModel(CliConsole console, RegisteredModel model, IReadOnlyList<ModelVersion> versions, IReadOnlyList<AliasChange> history)
    {
        console.Ansi.MarkupLine($"[bold]{CliConsole.Escape(model.Name)}[/]  aliases: {CliConsole.Escape(Aliases(model.Aliases))}");
        var table = new Table().AddColumns("version", "run", "created (UTC)", "aliases", "description");
        foreach (var v in versions)
        {
            var aliases = string.Join(", ", model.Aliases.Where(a => a.Value == v.Version).Select(a => a.Key));
            table.AddRow($"v{v.Version}", CliConsole.Escape(v.RunId[..12]), v.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), CliConsole.Escape(aliases), CliConsole.Escape(v.Description ?? ""));
        }
        console.Ansi.Write(table);
        var moves = new Table().AddColumns("time (UTC)", "alias", "from", "to", "who", "why");
        foreach (var h in history)
            moves.AddRow(h.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), CliConsole.Escape(h.Alias), h.FromVersion is { } f ? $"v{f}" : "-", h.ToVersion is { } t ? $"v{t}" : "deleted", CliConsole.Escape(h.Actor), CliConsole.Escape(h.Reason ?? ""));
        console.Ansi.Write(moves);
    }

    /// <summary>The model's active routes, or a line saying it serves the champion alone.</summary>
    public static void WriteRoutes(CliConsole console, IReadOnlyList<ModelRoute> routes)
    {
        if (routes.Count == 0)
        {
            console.Out.WriteLine("routes: none (the default route serves the champion alone)");
            return;
        }
        var table = new Table().AddColumns("route", "target", "share", "set by", "since (UTC)");
        foreach (var r in routes)
            table.AddRow(r.Kind == RouteKind.Shadow ? "shadow" : "canary", CliConsole.Escape(r.TargetText), r.SharePercent is { } p ? Percent(p) : "all (not returned)",
                CliConsole.Escape(r.Actor), r.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        console.Ansi.Write(table);
    }

    /// <summary>A route in one phrase: "shadow challenger" or "canary 3 at 10%".</summary>
    public static string Route(ModelRoute route) =>
        route.Kind == RouteKind.Shadow ? $"shadow {route.TargetText}" : $"canary {route.TargetText} at {Percent(route.SharePercent ?? 0)}";

    private static string Percent(double share) => share.ToString("0.###", CultureInfo.InvariantCulture) + "%";

    private static string Aliases(IReadOnlyDictionary<string, int> aliases) =>
        aliases.Count == 0 ? "-" : string.Join(", ", aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}=v{a.Value}"));
}
