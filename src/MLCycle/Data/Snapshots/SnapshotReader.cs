using MLCycle.Data.Sources;

namespace MLCycle.Data.Snapshots;

/// <summary>
/// Reads a run's source once into a <see cref="DataSnapshot"/> (docs/adr/0011). A local CSV is read from disk once:
/// .NET hashes its bytes as it passes them to DuckDB through a pipe, DuckDB sniffs the start and parses the whole, and
/// the column kinds are decided over the parsed table exactly as <see cref="TableReader"/> decides them. Other sources,
/// and a CSV the pipe cannot take, are read as <see cref="TableReader"/> reads them.
/// </summary>
public static class SnapshotReader
{
    /// <summary>
    /// The snapshot of <paramref name="path"/>. <paramref name="refine"/>, when given, sees the columns with their kinds and
    /// returns the column kinds to read with (it may add overrides to <paramref name="options"/>' types, never drop them);
    /// it may be asked again with the kinds decided over the data, and a changed answer is applied without reading again.
    /// </summary>
    public static async Task<DataSnapshot> ReadAsync(string path, TableReadOptions options,
        Func<IReadOnlyList<ColumnInfo>, IReadOnlyDictionary<string, ColumnKind>>? refine = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.AllText && await PipedCsvRead.TryReadAsync(path, options, refine, ct).ConfigureAwait(false) is { } piped) return piped;
        var reader = new TableReader();
        var read = options;
        if (refine is not null)
        {
            var schema = await reader.InferSchemaAsync(path, options, ct).ConfigureAwait(false);
            read = options with { Types = refine(schema) };
        }
        var table = await reader.ReadAsync(path, read, ct).ConfigureAwait(false);
        var fingerprint = File.Exists(path) ? await DataFingerprint.ComputeAsync(path, ct).ConfigureAwait(false) : null;
        return new DataSnapshot(table, path, fingerprint);
    }
}
