using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using MLCycle.Access;
using MLCycle.Cli.Output;
using MLCycle.Cli.Remote;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle audit [--since 1d|ISO] [--limit N]`: the append-only log of writes and denied requests, oldest first, of a local
/// store or (with --server, for a global admin) a server's.</summary>
public static partial class AuditCommand
{
    public static Command Create(CliConsole console)
    {
        var since = new Option<string>("--since") { Description = "Entries from this age (30m, 12h, 7d) or ISO 8601 time on; default: the last day.", DefaultValueFactory = _ => "1d" };
        var limit = new Option<int>("--limit") { Description = "At most this many entries.", DefaultValueFactory = _ => 1000 };
        var command = new Command("audit", "Show the audit log: who wrote what, from where, and every denied request.") { since, limit };
        command.SetAction(async (parse, ct) =>
        {
            var from = ParseSince(parse.GetValue(since)!, DateTimeOffset.UtcNow);
            var max = parse.GetValue(limit);
            if (max < 1) throw new MLCycleException(ErrorKind.BadSpec, $"--limit must be 1 or more; found {max}.");
            var entries = await ReadAsync(parse, from, max, ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(entries);
            else AuditView.Write(console, entries, from);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<IReadOnlyList<AuditEntry>> ReadAsync(ParseResult parse, DateTimeOffset from, int max, CancellationToken ct)
    {
        if (ServerConnection.Open(parse) is { } client)
        {
            using (client)
            {
                // The server pages newest first; the oldest entries since --since, as a local store answers, are the last ones read.
                var newest = new List<AuditEntry>();
                await foreach (var entry in client.ReadAuditAsync(from, pageSize: 1000, ct)) newest.Add(RemoteRecords.ToAuditEntry(entry));
                newest.Reverse();
                return newest.Count > max ? newest[..max] : newest;
            }
        }
        await using var store = await RunsCommand.OpenAsync(parse, ct);
        return await store.Audit.ReadAsync(from, max, ct);
    }

    /// <summary>"30m", "12h", "7d" before <paramref name="now"/>, or an ISO 8601 time (UTC unless it says otherwise).</summary>
    internal static DateTimeOffset ParseSince(string text, DateTimeOffset now)
    {
        var age = AgePattern().Match(text);
        if (age.Success && int.TryParse(age.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return now - (age.Groups[2].Value switch { "m" => TimeSpan.FromMinutes(n), "h" => TimeSpan.FromHours(n), _ => TimeSpan.FromDays(n) });
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        throw new MLCycleException(ErrorKind.BadSpec, $"--since '{NameRules.Show(text)}' is neither an age (30m, 12h, 7d) nor an ISO 8601 time (2026-12-01 or 2026-12-01T08:00:00Z).");
    }

    [GeneratedRegex(@"\A([0-9]{1,6})([mhd])\z", RegexOptions.CultureInvariant)]
    private static partial Regex AgePattern();
}
