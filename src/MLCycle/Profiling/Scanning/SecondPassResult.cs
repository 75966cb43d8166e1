namespace MLCycle.Profiling.Scanning;

/// <summary>
/// The merged second pass: bin counts per column, the plan's probes totalled (in place, rows numbered), and the
/// first repeats of rows and of each key candidate.
/// </summary>
internal sealed class SecondPassResult
{
    public required long[]?[] Bins { get; init; }
    public required List<(long Row, long First, object? Value)> RowRepeats { get; init; }
    public required List<(long Row, long First, object? Value)>?[] KeyRepeats { get; init; }

    public static SecondPassResult Collect(SecondPassPlan plan, IReadOnlyList<SecondPassWorker> workers, RowNumbering numbering)
    {
        var bins = new long[]?[plan.Histograms.Length];
        for (var c = 0; c < bins.Length; c++)
        {
            if (plan.Histograms[c] is not { } h) continue;
            var total = new long[h.Bins];
            foreach (var w in workers)
                for (var b = 0; b < total.Length; b++) total[b] += w.Bins[c]![b];
            bins[c] = total;
        }
        for (var p = 0; p < plan.Probes.Count; p++)
        {
            foreach (var w in workers) plan.Probes[p].Merge(w.Probes[p]);
            plan.Probes[p].Rows.Resolve(numbering);
        }
        return new SecondPassResult
        {
            Bins = bins,
            RowRepeats = plan.RepeatedRows is null ? [] : RepeatFinder.Examples(workers.Select(w => w.Rows!).ToList(), numbering),
            KeyRepeats = plan.RepeatedKeys.Select((k, i) => k is null ? null : RepeatFinder.Examples(workers.Select(w => w.Keys[i]!).ToList(), numbering)).ToArray(),
        };
    }
}
