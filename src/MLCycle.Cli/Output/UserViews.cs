using System.Globalization;
using MLCycle.Access;
using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>The terminal table of users: never a token or a hash.</summary>
public static class UserViews
{
    public static void WriteList(CliConsole console, IReadOnlyList<UserSummary> users)
    {
        var table = new Table().AddColumns("user", "admin", "live tokens", "roles", "created (UTC)");
        foreach (var u in users)
        {
            table.AddRow(CliConsole.Escape(u.Name), u.IsAdmin ? "yes" : "", u.ActiveTokens.ToString(CultureInfo.InvariantCulture),
                CliConsole.Escape(u.Grants.Count == 0 ? "-" : string.Join("; ", u.Grants)), u.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        }
        console.Ansi.Write(table);
    }
}
