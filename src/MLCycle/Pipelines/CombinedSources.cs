using MLCycle.Data;

namespace MLCycle.Pipelines;

/// <summary>
/// The spec's sources combined once into a temporary Parquet file, so every step that reads a path (type inference,
/// expectations, profile, fingerprint, bias check, training) reads the same table; the file is deleted on dispose.
/// </summary>
public sealed class CombinedSources : IDisposable
{
    private readonly DirectoryInfo _folder;

    private CombinedSources(DirectoryInfo folder, string path, IReadOnlyList<SourceCoercion> coercions)
    {
        _folder = folder;
        Path = path;
        Coercions = coercions;
    }

    /// <summary>The temporary Parquet file holding the combined rows.</summary>
    public string Path { get; }

    /// <summary>Every change combining the sources needed (types widened, columns filled or renamed).</summary>
    public IReadOnlyList<SourceCoercion> Coercions { get; }

    /// <summary>Unions the spec's sources, or left-joins them on <c>data.join_on</c>, into a new temporary file.</summary>
    public static async Task<CombinedSources> CreateAsync(PipelineSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Sources.Count == 0) throw new ArgumentException("The spec lists no sources.", nameof(spec));
        var folder = Directory.CreateTempSubdirectory("mlcycle-sources-");
        try
        {
            var path = System.IO.Path.Combine(folder.FullName, "combined.parquet");
            var combiner = new SourceCombiner();
            var coercions = spec.Data.JoinOn is { } key
                ? await combiner.JoinToParquetAsync(spec.Sources, key, path, ct)
                : await combiner.UnionToParquetAsync(spec.Sources, path, ct);
            return new CombinedSources(folder, path, coercions);
        }
        catch
        {
            folder.Delete(recursive: true);
            throw;
        }
    }

    public void Dispose()
    {
        _folder.Refresh();
        if (_folder.Exists) _folder.Delete(recursive: true);
    }
}
