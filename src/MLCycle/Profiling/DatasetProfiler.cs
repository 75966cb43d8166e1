using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// Profiles a data file inside DuckDB: the file is parsed once into a DuckDB temporary table, then a few aggregate
/// queries compute every column's statistics; rows are never materialised in .NET.
/// </summary>
public sealed class DatasetProfiler
{
    private const string View = "mlcycle_profile";

    /// <summary>Counts, missing values, distinct values, numeric statistics, histograms, top values, duplicates and constant columns.</summary>
    public Task<DatasetProfile> ProfileAsync(string path, TableReadOptions? options = null, CancellationToken ct = default) =>
        ProfileAsync(path, options, null, ct);

    /// <summary>
    /// The profile plus data problems (<see cref="DatasetProfile.Issues"/>) and correlations; with a target also class
    /// balance, imbalance and leakage checks. Every check is SQL over the same parsed table.
    /// </summary>
    public async Task<DatasetProfile> ProfileAsync(string path, TableReadOptions? options, ProfileOptions? profile, CancellationToken ct = default)
    {
        await Task.Yield();
        ct.ThrowIfCancellationRequested();
        profile ??= new ProfileOptions();
        using var prepared = PreparedSource.Open(path, options, materialise: true);
        CheckNames(prepared, profile);
        var fingerprint = DataFingerprint.ComputeAsync(path, ct);
        var infos = prepared.Columns.Select(c => c.Info).ToList();
        var builder = new ProfileQueryBuilder(infos, prepared.Rows!.Value);
        try
        {
            var select = string.Join(", ", prepared.Columns.Select((c, i) => $"{c.Expression} AS {ProfileQueryBuilder.Alias(i)}"));
            // Converted once into a typed table (and the raw one dropped): later passes then scan plain DOUBLE and VARCHAR columns.
            prepared.Session.Execute($"CREATE TEMP TABLE {View} AS SELECT {select} FROM {prepared.Relation}; DROP TABLE {prepared.Relation}");

            IReadOnlyList<ColumnStatistics> stats;
            using (var reader = prepared.Session.Query(builder.StatisticsSql(View))) stats = builder.ReadStatistics(reader);
            if (!builder.Approximate)
            {
                var exact = new List<ColumnStatistics>(stats.Count);
                for (var i = 0; i < stats.Count; i++, ct.ThrowIfCancellationRequested())
                    exact.Add(ExactColumnStatistics.Complete(prepared.Session, View, ProfileQueryBuilder.Alias(i), stats[i]));
                stats = exact;
            }
            ct.ThrowIfCancellationRequested();
            var rows = prepared.Rows.Value;
            var histograms = Histograms(prepared.Session, builder, stats);
            var columns = new List<ColumnProfile>(infos.Count);
            for (var i = 0; i < infos.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var s = stats[i];
                var wantsTop = !TableColumn.StoresNumbers(infos[i].Kind) || s.Distinct <= ProfileQueryBuilder.NumericTopValuesMaxDistinct;
                columns.Add(new ColumnProfile
                {
                    Name = infos[i].Name,
                    Kind = infos[i].Kind,
                    Count = s.Count,
                    Missing = rows - s.Count,
                    Distinct = s.Distinct,
                    Numeric = s.Numeric,
                    Histogram = histograms.GetValueOrDefault(i),
                    TopValues = wantsTop && s.Count > 0 ? TopValues(prepared.Session, builder, infos[i], i) : [],
                });
            }
            var duplicateRows = rows - DistinctRows(prepared, rows);
            var context = new IssueContext(prepared.Session, View, columns, rows, profile);
            var (issues, correlations) = DataProblemFinder.Find(context, duplicateRows, ct);
            var target = context.Target >= 0 ? columns[context.Target] : null;
            return new DatasetProfile
            {
                Rows = rows,
                Columns = columns,
                DuplicateRows = duplicateRows,
                ConstantColumns = columns.Where(c => c.Distinct <= 1).Select(c => c.Name).ToList(),
                Fingerprint = await fingerprint.ConfigureAwait(false),
                Issues = issues,
                Correlations = correlations,
                Target = target?.Name,
                TargetBalance = target is not null && TargetIssueDetector.IsClassification(target) ? target.TopValues : null,
            };
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            throw DuckDbErrorTranslator.Translate(e, prepared.Source);
        }
    }

    private static void CheckNames(PreparedSource prepared, ProfileOptions profile)
    {
        var names = prepared.Columns.Select(c => c.Info.Name).ToHashSet(StringComparer.Ordinal);
        var asked = (profile.Target is { } t ? new[] { ("target", t) } : [])
            .Concat(profile.Keys.Select(k => ("key", k)))
            .Concat(profile.Sensitive.Select(s => ("sensitive column", s)));
        foreach (var (role, name) in asked)
            if (!names.Contains(name))
                throw new MLCycleException(
                    $"The profile's {role} '{name}' is not a column of '{prepared.Source.Path}'; its columns are {string.Join(", ", names)}.", 2);
    }

    private static Dictionary<int, Histogram> Histograms(DuckDbSession session, ProfileQueryBuilder builder, IReadOnlyList<ColumnStatistics> stats)
    {
        var wanted = stats.Select((s, i) => (Column: i, Stats: s))
            .Where(x => builder.WantsHistogram(x.Column, x.Stats))
            .Select(x => (x.Column, x.Stats.Numeric!))
            .ToList();
        var result = new Dictionary<int, Histogram>();
        if (wanted.Count == 0) return result;
        using var reader = session.Query(builder.HistogramSql(View, wanted));
        reader.Read();
        for (var k = 0; k < wanted.Count; k++)
            result[wanted[k].Column] = ProfileQueryBuilder.ReadHistogram(reader.GetValue(k), wanted[k].Item2);
        return result;
    }

    private static List<ValueCount> TopValues(DuckDbSession session, ProfileQueryBuilder builder, ColumnInfo info, int column)
    {
        var values = new List<ValueCount>();
        using var reader = session.Query(builder.TopValuesSql(View, column));
        while (reader.Read())
        {
            var text = TableColumn.StoresNumbers(info.Kind)
                ? TableColumn.FromNumbers(info, [reader.GetDouble(0)]).Format(0)!
                : reader.GetString(0);
            values.Add(new ValueCount(text, reader.GetInt64(1)));
        }
        return values;
    }

    // DISTINCT treats missing values as equal, so rows equal in every column (missing included) collapse to one.
    // Equal rows have equal hashes, so as many distinct row hashes as rows proves there are no duplicates; only when
    // hashes repeat (a duplicate or, rarely, a collision) is the far slower exact DISTINCT over whole rows needed.
    private static long DistinctRows(PreparedSource prepared, long rows)
    {
        var columns = string.Join(", ", Enumerable.Range(0, prepared.Columns.Count).Select(ProfileQueryBuilder.Alias));
        if (Scalar(prepared, $"SELECT count(DISTINCT hash({columns})) FROM {View}") == rows) return rows;
        return Scalar(prepared, $"SELECT count(*) FROM (SELECT DISTINCT * FROM {View})");
    }

    private static long Scalar(PreparedSource prepared, string sql)
    {
        using var reader = prepared.Session.Query(sql);
        reader.Read();
        return reader.GetInt64(0);
    }
}
