namespace MLCycle.Profiling.Scanning;

/// <summary>The merged first pass: per-column accumulators (rows already numbered), the sample, and the duplicate counts.</summary>
internal sealed class FirstPassResult
{
    public required ColumnAccumulator[] Columns { get; init; }
    public required SampleTable Sample { get; init; }
    public required long Rows { get; init; }
    public required RowNumbering Numbering { get; init; }
    /// <summary>Rows beyond the first of each set of equal rows.</summary>
    public required long DuplicateRows { get; init; }
    public required IReadOnlySet<ulong> RepeatedRowHashes { get; init; }
    /// <summary>Per key candidate of the plan, rows (with the whole key present) repeating an earlier row's key.</summary>
    public required long[] KeyRepeats { get; init; }
    public required IReadOnlySet<ulong>[] RepeatedKeyHashes { get; init; }
    public required long[] TargetMatches { get; init; }
    /// <summary>The key candidates <see cref="KeyRepeats"/> counts, as column indexes.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> Keys { get; init; }

    /// <summary>Whether the sample holds every row, so that statistics from it are exact.</summary>
    public bool SampleIsComplete => Sample.Count == Rows;

    public static FirstPassResult Merge(IReadOnlyList<ProfileScanWorker> workers, IReadOnlyList<long> rowsPerChunk)
    {
        foreach (var worker in workers) worker.Flush();
        var first = workers[0];
        foreach (var other in workers.Skip(1))
        {
            for (var c = 0; c < first.Columns.Length; c++) first.Columns[c].Merge(other.Columns[c]);
            for (var c = 0; c < first.TargetMatches.Length; c++) first.TargetMatches[c] += other.TargetMatches[c];
        }
        var numbering = new RowNumbering(rowsPerChunk);
        foreach (var column in first.Columns) column.Resolve(numbering);
        var (duplicates, repeated) = Repeats(workers.Select(w => w.RowHashes).ToList());
        var keys = Enumerable.Range(0, first.KeyHashes.Length)
            .Select(k => Repeats(workers.Select(w => w.KeyHashes[k]).ToList())).ToList();
        return new FirstPassResult
        {
            Columns = first.Columns,
            Sample = RowSample.Table(workers.Select(w => w.Sample).ToList(), numbering),
            Rows = rowsPerChunk.Sum(),
            Numbering = numbering,
            DuplicateRows = duplicates,
            RepeatedRowHashes = repeated,
            KeyRepeats = keys.Select(k => k.Count).ToArray(),
            RepeatedKeyHashes = keys.Select(k => k.Hashes).ToArray(),
            TargetMatches = first.TargetMatches,
            Keys = first.Plan.Keys,
        };
    }

    // Sorting the hashes finds repeats; rows with equal values hash equal, and a 64-bit collision among millions of rows
    // is rare enough to ignore (about one in a million at ten million rows). Each worker's list is sorted in place and the
    // lists are walked together in order, so no second copy of every hash is made. Hash 0 marks a row without a key.
    private static (long Count, IReadOnlySet<ulong> Hashes) Repeats(IReadOnlyList<List<ulong>> lists)
    {
        Parallel.ForEach(lists, list => list.Sort());
        var heads = new int[lists.Count];
        long count = 0;
        var repeated = new HashSet<ulong>();
        ulong? previous = null;
        while (true)
        {
            var pick = -1;
            for (var l = 0; l < lists.Count; l++)
                if (heads[l] < lists[l].Count && (pick < 0 || lists[l][heads[l]] < lists[pick][heads[pick]])) pick = l;
            if (pick < 0) return (count, repeated);
            var hash = lists[pick][heads[pick]++];
            if (hash == 0) continue;
            if (hash == previous)
            {
                count++;
                repeated.Add(hash);
            }
            previous = hash;
        }
    }
}
