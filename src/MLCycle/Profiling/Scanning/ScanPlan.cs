using MLCycle.Data;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// What a profile scan looks at: the columns, the key candidates whose repeats are counted (declared keys and columns
/// named like an id), the target whose copies are counted, the sample size, and "now" for dates in the future.
/// </summary>
internal sealed record ScanPlan(IReadOnlyList<ColumnInfo> Columns, IReadOnlyList<IReadOnlyList<int>> Keys, int Target, int SampleRows, double Now)
{
    /// <summary>Rows whose sampling priority is at or above this never enter the sample (see <see cref="SampleBarFor"/>).</summary>
    public ulong SampleBar { get; init; } = ulong.MaxValue;

    /// <summary>
    /// A priority bar that lets about 1.5 times <see cref="SampleRows"/> of the estimated rows into the sample: workers then
    /// keep only those rows instead of each keeping its own best <see cref="SampleRows"/>. Without an estimate, or for a
    /// table not far above the sample size, every row may enter.
    /// </summary>
    public ulong SampleBarFor(long? estimatedRows) => RowSample.BarFor(SampleRows, estimatedRows);

    public static ScanPlan For(IReadOnlyList<ColumnInfo> columns, ProfileOptions options)
    {
        int IndexOf(string name)
        {
            for (var i = 0; i < columns.Count; i++) if (columns[i].Name == name) return i;
            return -1;
        }
        var keys = new List<IReadOnlyList<int>>();
        var declared = options.Keys.Select(IndexOf).ToList();
        if (declared.Count > 0) keys.Add(declared);
        for (var i = 0; i < columns.Count; i++)
            if (StructureIssueDetector.LooksLikeId(columns[i].Name) && !(declared.Count == 1 && declared[0] == i)) keys.Add([i]);
        var target = options.Target is { } t ? IndexOf(t) : -1;
        return new ScanPlan(columns, keys, target, CorrelationCalculator.RankSampleRows, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
    }
}
