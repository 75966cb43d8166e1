using System.Globalization;
using System.Text.RegularExpressions;
using MLCycle.Tracking;

namespace MLCycle.Server.Dashboard;

/// <summary>What the runs page asks for: an experiment, filter text, a metric to sort by, and the page to show.</summary>
public sealed record RunsQuery
{
    public string? Experiment { get; init; }
    public string? Filter { get; init; }
    /// <summary>A metric key; runs without it come last whichever the direction.</summary>
    public string? SortMetric { get; init; }
    public bool Descending { get; init; } = true;
    public string? PageToken { get; init; }
    public int PageSize { get; init; } = 50;
}

/// <summary>
/// The one place the dashboard searches runs. Without a filter or a sort it is today's <see cref="ITrackingStore.SearchRunsAsync"/>,
/// paged by the store. The store cannot filter or sort by metric yet (the filter language of the tracking API will), so a filter
/// or a sort is applied here to the newest <see cref="ScanLimit"/> runs, and the page says so; when the store's search takes
/// filter and order, this method passes them through and the scan goes.
/// </summary>
public static partial class RunsPageQuery
{
    public const int ScanLimit = 5_000;
    private const string OffsetPrefix = "o:";

    /// <summary>One page of runs, or a <see cref="MLCycleException"/> of kind BadSpec naming the clause of the filter it cannot read.</summary>
    public static async Task<RunsPage> SearchAsync(ITrackingStore tracking, RunsQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(query);
        var experiment = string.IsNullOrWhiteSpace(query.Experiment) ? null : query.Experiment.Trim();
        if (string.IsNullOrWhiteSpace(query.Filter) && string.IsNullOrWhiteSpace(query.SortMetric))
        {
            var page = await tracking.SearchRunsAsync(experiment, query.PageSize, NullIfEmpty(query.PageToken), ct);
            return new RunsPage(page.Items, page.NextPageToken, null);
        }

        var clauses = Parse(query.Filter);
        var matched = new List<Run>();
        string? token = null;
        int scanned = 0;
        do
        {
            var page = await tracking.SearchRunsAsync(experiment, 1000, token, ct);
            scanned += page.Items.Count;
            matched.AddRange(page.Items.Where(r => clauses.All(c => c(r))));
            token = page.NextPageToken;
        }
        while (token is not null && scanned < ScanLimit);

        if (!string.IsNullOrWhiteSpace(query.SortMetric))
        {
            var key = query.SortMetric.Trim();
            var with = matched.Where(r => r.Metrics.ContainsKey(key));
            with = query.Descending ? with.OrderByDescending(r => r.Metrics[key].Value) : with.OrderBy(r => r.Metrics[key].Value);
            matched = [.. with, .. matched.Where(r => !r.Metrics.ContainsKey(key))];
        }
        int offset = OffsetOf(query.PageToken);
        var items = matched.Skip(offset).Take(query.PageSize).ToList();
        var next = offset + items.Count < matched.Count ? OffsetPrefix + (offset + items.Count).ToString(CultureInfo.InvariantCulture) : null;
        var notice = token is null ? null : $"The filter and the sort looked at the newest {scanned:#,0} runs only.";
        return new RunsPage(items, next, notice);
    }

    private static int OffsetOf(string? token)
    {
        if (string.IsNullOrEmpty(token)) return 0;
        if (token.StartsWith(OffsetPrefix, StringComparison.Ordinal)
            && int.TryParse(token.AsSpan(OffsetPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)) return offset;
        throw new MLCycleException(ErrorKind.BadSpec, $"Page token '{token}' does not belong to a filtered or sorted search; start again from the first page.");
    }

    /// <summary>Clauses joined by 'and': metrics.KEY OP NUMBER, params.KEY = 'TEXT', tags.KEY != 'TEXT', attributes.status = 'FINISHED'.</summary>
    private static List<Func<Run, bool>> Parse(string? filter)
    {
        var clauses = new List<Func<Run, bool>>();
        if (string.IsNullOrWhiteSpace(filter)) return clauses;
        var parts = AndSeparator().Split(filter.Trim());
        for (int i = 0; i < parts.Length; i++)
        {
            var m = Clause().Match(parts[i]);
            if (!m.Success)
            {
                throw new MLCycleException(ErrorKind.BadSpec, $"Filter clause {i + 1} '{parts[i]}' is not understood: expected KIND.KEY OP VALUE, "
                    + "like metrics.auc > 0.8, params.algorithm = 'lightgbm', tags.team != 'risk' or attributes.status = 'FINISHED'.");
            }
            string kind = m.Groups["kind"].Value.ToLowerInvariant(), key = m.Groups["key"].Value, op = m.Groups["op"].Value;
            var raw = m.Groups["value"].Value;
            var text = raw.Length >= 2 && raw[0] is '\'' or '"' ? raw[1..^1] : raw;
            if (kind.StartsWith("metric", StringComparison.Ordinal))
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    throw new MLCycleException(ErrorKind.BadSpec, $"Filter clause {i + 1} '{parts[i]}' compares metric '{key}' with '{text}': expected a number.");
                }
                clauses.Add(r => r.Metrics.TryGetValue(key, out var v) && Compare(v.Value.CompareTo(number), op));
                continue;
            }
            Func<Run, string?> valueOf = kind switch
            {
                "params" or "param" => r => r.Params.GetValueOrDefault(key),
                "tags" or "tag" => r => r.Tags.GetValueOrDefault(key),
                _ => key.ToLowerInvariant() switch
                {
                    "status" => r => r.Status.ToString(),
                    "name" or "run_name" => r => r.Name,
                    "run_id" => r => r.RunId,
                    _ => throw new MLCycleException(ErrorKind.BadSpec, $"Filter clause {i + 1} '{parts[i]}' names attribute '{key}': expected status, run_name or run_id."),
                },
            };
            clauses.Add(r => valueOf(r) is { } v && Compare(string.Compare(v, text, StringComparison.OrdinalIgnoreCase), op));
        }
        return clauses;
    }

    private static bool Compare(int order, string op) => op switch
    {
        "=" or "==" => order == 0,
        "!=" => order != 0,
        ">" => order > 0,
        ">=" => order >= 0,
        "<" => order < 0,
        _ => order <= 0,
    };

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSeparator();

    [GeneratedRegex(@"^\s*(?<kind>metrics?|params?|tags?|attributes?)\.(?<key>[A-Za-z0-9_.\-/]+)\s*(?<op>==|!=|>=|<=|=|>|<)\s*(?<value>'[^']*'|""[^""]*""|[^\s'""]+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Clause();
}

/// <summary>A page of runs with the token of the next page, and a notice when the search was cut short.</summary>
public sealed record RunsPage(IReadOnlyList<Run> Runs, string? NextPageToken, string? Notice);
