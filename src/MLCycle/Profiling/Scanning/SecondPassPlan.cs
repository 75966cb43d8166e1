namespace MLCycle.Profiling.Scanning;

/// <summary>What the second pass computes: bins per column (null for none), probes, and the repeated row and key hashes to locate.</summary>
internal sealed class SecondPassPlan(int columns, IReadOnlyList<IReadOnlyList<int>> keys)
{
    public bool[] Wanted { get; } = new bool[columns];
    public bool[] KeyColumns { get; } = new bool[columns];
    public (double Min, double Width, int Bins)?[] Histograms { get; } = new (double, double, int)?[columns];
    public List<NumberProbe> Probes { get; } = [];
    public IReadOnlySet<ulong>? RepeatedRows { get; private set; }
    public IReadOnlyList<IReadOnlyList<int>> Keys { get; } = keys;
    public IReadOnlySet<ulong>?[] RepeatedKeys { get; } = new IReadOnlySet<ulong>?[keys.Count];

    public bool IsEmpty => !Wanted.Contains(true);

    public void AddHistogram(int column, double min, double max, int bins)
    {
        Histograms[column] = (min, max - min, bins);
        Wanted[column] = true;
    }

    public NumberProbe AddProbe(int column, Func<double, bool> test, double safeLow = double.NaN, double safeHigh = double.NaN)
    {
        var probe = new NumberProbe(column, test, safeLow, safeHigh);
        Probes.Add(probe);
        Wanted[column] = true;
        return probe;
    }

    public void FindRepeatedRows(IReadOnlySet<ulong> hashes)
    {
        RepeatedRows = hashes;
        Array.Fill(Wanted, true);
    }

    public void FindRepeatedKeys(int key, IReadOnlySet<ulong> hashes)
    {
        RepeatedKeys[key] = hashes;
        foreach (var c in Keys[key]) Wanted[c] = KeyColumns[c] = true;
    }
}
