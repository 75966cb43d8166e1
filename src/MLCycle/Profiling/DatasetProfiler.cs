using MLCycle.Data;
using MLCycle.Data.Snapshots;
using MLCycle.Profiling.Scanning;

namespace MLCycle.Profiling;

/// <summary>
/// Profiles a data source in two streaming passes and bounded memory, so files far bigger than memory profile too.
/// The first pass gathers each column's counts, moments, value tallies and range checks, a uniform row sample and row
/// hashes; the second bins histograms, counts outliers against fences fitted from the first, and finds where repeated
/// rows are. Local UTF-8 CSV files are read by MLCycle's parallel reader, other sources stream through DuckDB
/// (docs/adr/0007). Up to <see cref="ExactRowLimit"/> rows every figure is exact; above, percentiles, correlations and
/// distinct counts of many-valued columns are estimates.
/// </summary>
public sealed class DatasetProfiler
{
    /// <summary>Tables with at most this many rows are sampled whole, so their percentiles and distinct counts are exact.</summary>
    public const int ExactRowLimit = CorrelationCalculator.RankSampleRows;

    /// <summary>Counts, missing values, distinct values, numeric statistics, histograms, top values, duplicates and constant columns.</summary>
    public Task<DatasetProfile> ProfileAsync(string path, TableReadOptions? options = null, CancellationToken ct = default) =>
        ProfileAsync(path, options, null, ct);

    /// <summary>
    /// The profile plus data problems (<see cref="DatasetProfile.Issues"/>) and correlations; with a target also class
    /// balance, imbalance and leakage checks.
    /// </summary>
    public Task<DatasetProfile> ProfileAsync(string path, TableReadOptions? options, ProfileOptions? profile, CancellationToken ct = default) =>
        Task.Run(async () =>
        {
            // CPU-bound work over DuckDB, which has no asynchronous reads: on the thread pool, never on the caller's thread.
            ct.ThrowIfCancellationRequested();
            profile ??= new ProfileOptions();
            options ??= new TableReadOptions();
            // Only a single local file has one fingerprint; a folder, glob, database or address profiles without one.
            // Hashing starts first so that it overlaps DuckDB's type sniff rather than the parallel pass.
            var fingerprint = profile.Fingerprint ? FingerprintAsync(path, ct) : Task.FromResult<string?>(null);
            using var scanner = ProfileScanner.Open(path, options);
            CheckNames(path, scanner.Columns, profile);
            return await Profile(scanner, path, options, profile, fingerprint, ct).ConfigureAwait(false);
        }, ct);

    /// <summary>
    /// The same profile of a run's snapshot: its table is scanned in memory, with no parsing, and the snapshot's kinds
    /// and fingerprint are kept (docs/adr/0011). Only a profile of data larger than memory streams the file.
    /// </summary>
    public Task<DatasetProfile> ProfileAsync(DataSnapshot snapshot, ProfileOptions? profile, CancellationToken ct = default) =>
        Task.Run(async () =>
        {
            // CPU-bound work over DuckDB, which has no asynchronous reads: on the thread pool, never on the caller's thread.
            ArgumentNullException.ThrowIfNull(snapshot);
            ct.ThrowIfCancellationRequested();
            profile ??= new ProfileOptions();
            // Every kind is final already, so none is decided again from the scan.
            var options = new TableReadOptions { Types = snapshot.Schema.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal) };
            using var scanner = ProfileScanner.Over(snapshot.Name, new TableFeed(snapshot.Table, Environment.ProcessorCount));
            CheckNames(snapshot.Name, scanner.Columns, profile);
            return await Profile(scanner, snapshot.Name, options, profile, Task.FromResult(snapshot.Fingerprint), ct).ConfigureAwait(false);
        }, ct);

    private static async Task<DatasetProfile> Profile(ProfileScanner scanner, string path, TableReadOptions options, ProfileOptions profile,
        Task<string?> fingerprint, CancellationToken ct)
    {
        var progress = profile.Progress;
        progress?.Report($"Reading {path} (pass 1 of 2)");
        var pass = scanner.FirstPass(columns => ScanPlan.For(columns, profile), ct);
        progress?.Report($"Summarising {pass.Rows:N0} rows");
        var infos = FinalKinds(pass, options);
        // Columns are independent (each sorts its sample values), so they are built in parallel.
        var columns = Enumerable.Range(0, infos.Count).AsParallel().AsOrdered().Select(i => ColumnProfileBuilder.Build(i, infos[i], pass)).ToList();

        var context = new IssueContext(pass, columns, profile);
        var plan = new SecondPassPlan(columns.Count, pass.Keys);
        for (var i = 0; i < columns.Count; i++)
            if (columns[i] is { Kind: ColumnKind.Numeric or ColumnKind.DateTime, Numeric: { } n } && n.Max > n.Min)
                plan.AddHistogram(i, n.Min, n.Max, ColumnProfileBuilder.HistogramBins);
        var finder = DataProblemFinder.Plan(context, plan);
        progress?.Report("Histograms and outlier counts (pass 2 of 2)");
        context.Second = SecondPassResult.Collect(plan, scanner.SecondPass(plan, ct), pass.Numbering);
        columns = columns.Select((c, i) => c with { Histogram = Histogram(c, context.Second.Bins[i]) }).ToList();
        context = new IssueContext(pass, columns, profile) { Second = context.Second };

        progress?.Report("Checking for data issues and correlations");
        var (issues, correlations) = finder.Find(context, ct);
        var target = context.Target >= 0 ? columns[context.Target] : null;
        return new DatasetProfile
        {
            Rows = pass.Rows,
            Columns = columns,
            DuplicateRows = pass.DuplicateRows,
            ConstantColumns = columns.Where(c => c.Distinct <= 1).Select(c => c.Name).ToList(),
            Fingerprint = await fingerprint.ConfigureAwait(false),
            Issues = issues,
            Correlations = correlations,
            Target = target?.Name,
            TargetBalance = target is not null && TargetIssueDetector.IsClassification(target) ? target.TopValues : null,
        };
    }

    private static async Task<string?> FingerprintAsync(string path, CancellationToken ct) =>
        File.Exists(path) ? await DataFingerprint.ComputeAsync(path, ct).ConfigureAwait(false) : null;

    private static void CheckNames(string path, IReadOnlyList<ColumnInfo> columns, ProfileOptions profile)
    {
        var names = columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var asked = (profile.Target is { } t ? new[] { ("target", t) } : [])
            .Concat(profile.Keys.Select(k => ("key", k)))
            .Concat(profile.Sensitive.Select(s => ("sensitive column", s)));
        foreach (var (role, name) in asked)
            if (!names.Contains(NameRules.ColumnName(name, $"the profile's {role}")))
                throw new MLCycleException(ErrorKind.BadSpec,
                    $"The profile's {role} '{name}' is not a column of '{path}'; its columns are {string.Join(", ", names)}.");
    }

    // The fast CSV reader takes kinds from DuckDB's sniffer; free text (long, spaced, mostly distinct values) is told
    // apart from categories here, by the same rule type inference applies when reading a table.
    private static List<ColumnInfo> FinalKinds(FirstPassResult pass, TableReadOptions options) =>
        pass.Columns.Select(c =>
        {
            var info = c.Info;
            if (info.Kind != ColumnKind.Categorical || options.AllText || options.Types.ContainsKey(info.Name) || c.TextValues == 0) return info;
            var freeText = (double)c.TextLength / c.TextValues > TypeInference.TextMinAverageLength
                           && c.TextWithSpace >= TypeInference.TextMinSpacedShare * c.TextValues
                           && (c.TextsOverflowed ? c.Sketch.Estimate() : c.Texts.Count) >= TypeInference.TextMinDistinctShare * c.TextValues;
            return freeText ? info with { Kind = ColumnKind.Text } : info;
        }).ToList();

    // Equal-width bins over [min, max]; a column with one value gets a single bin [min, max].
    private static Histogram? Histogram(ColumnProfile column, long[]? bins)
    {
        if (column.Kind is not (ColumnKind.Numeric or ColumnKind.DateTime) || column.Numeric is not { } n) return null;
        if (bins is null) return new Histogram([n.Min, n.Max], [column.Count]);
        var width = (n.Max - n.Min) / bins.Length;
        var edges = Enumerable.Range(0, bins.Length + 1).Select(i => i == bins.Length ? n.Max : n.Min + i * width).ToArray();
        return new Histogram(edges, bins);
    }
}
