using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MLCycle.Data;
using MLCycle.Registry;
using MLCycle.Tracking;

namespace MLCycle.Serving;

/// <summary>
/// Scores a file with a registered model, streaming it in batches. Every input row reaches the output: scored rows get
/// their prediction, refused rows an <c>error</c> column saying why, so nothing is dropped.
/// </summary>
public sealed class BatchScorer(IModelRegistry registry, ArtifactStore artifacts)
{
    public const int BatchSize = 50_000;
    private const int MaxReportedErrors = 100;

    /// <summary>How many of each row's largest contributions to add as columns; 0 (the default) adds none and costs nothing.</summary>
    public int Explain { get; init; }

    public async Task<BatchScoringResult> ScoreFileAsync(
        string modelReference, string inputPath, string outputPath, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var version = await registry.ResolveAsync(ModelReference.Parse(modelReference), ct);
        using var model = await LoadedModel.LoadAsync(version, artifacts, ct);
        var clock = Stopwatch.StartNew();
        var errors = new List<InputError>();
        var warnings = new HashSet<string>();
        if (version.PackageSha256 is null)
        {
            warnings.Add($"model '{version.Name}' version {version.Version} was registered without a package hash, so only model.zip is checked against its manifest; run its spec again to register a protected version");
        }
        long rows = 0, rejected = 0;

        await using (var writer = ScoredCsvWriter.Create(outputPath, model.Manifest, Explain))
        {
            await foreach (var batch in ReadAheadAsync(inputPath, ct))
            {
                var result = model.Score(batch, Explain);
                await writer.WriteAsync(batch, result, ct);
                foreach (var e in result.Errors.DistinctBy(e => e.Row))
                {
                    rejected++;
                    if (errors.Count < MaxReportedErrors) errors.Add(e with { Row = (int)(rows + e.Row + 1) });
                }
                foreach (var w in result.Warnings.Take(MaxReportedErrors - warnings.Count)) warnings.Add(w);
                rows += batch.RowCount;
                progress?.Report($"Scored {rows:N0} rows");
            }
            await writer.CommitAsync(ct);
        }

        return new BatchScoringResult
        {
            Model = version.Name,
            Version = version.Version,
            Algorithm = model.Manifest.Algorithm,
            OutputPath = Path.GetFullPath(outputPath),
            Rows = rows,
            ScoredRows = rows - rejected,
            RejectedRows = rejected,
            Errors = errors,
            Warnings = warnings.ToList(),
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>
    /// Reads the next batch on another thread while the current one is scored and written: DuckDB's parsing overlaps
    /// the model's work. Raw text in, so a bad value is refused for its row by the model's validation, not the file.
    /// </summary>
    private static async IAsyncEnumerable<Table> ReadAheadAsync(string inputPath, [EnumeratorCancellation] CancellationToken ct)
    {
        var batches = Channel.CreateBounded<Table>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in new TableReader().ReadBatchesAsync(inputPath, BatchSize, new TableReadOptions { AllText = true }, stop.Token))
                    await batches.Writer.WriteAsync(batch, stop.Token);
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(ct)) yield return batch;
        }
        finally
        {
            // If scoring stopped early, the reader must not stay blocked on a full channel with the file open.
            stop.Cancel();
            await producer;
        }
    }
}
