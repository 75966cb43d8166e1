using System.Diagnostics;
using MLCycle.Data;
using MLCycle.Registry;
using MLCycle.Storage;

namespace MLCycle.Serving;

/// <summary>
/// Scores a file with a registered model, streaming it in batches. Every input row reaches the output: scored rows get
/// their prediction, refused rows an <c>error</c> column saying why, so nothing is dropped.
/// </summary>
public sealed class BatchScorer(IModelRegistry registry, ArtifactStore artifacts)
{
    public const int BatchSize = 50_000;
    private const int MaxReportedErrors = 100;

    public async Task<BatchScoringResult> ScoreFileAsync(
        string modelReference, string inputPath, string outputPath, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var version = await registry.ResolveAsync(ModelReference.Parse(modelReference), ct);
        using var model = LoadedModel.Load(artifacts.Resolve(version.PackagePath));
        var clock = Stopwatch.StartNew();
        var errors = new List<InputError>();
        var warnings = new HashSet<string>();
        long rows = 0, rejected = 0;

        await using (var writer = ScoredCsvWriter.Create(outputPath, model.Manifest))
        {
            // Raw text in, so that a bad value is refused for its row by the model's own validation, not the whole file.
            await foreach (var batch in new TableReader().ReadBatchesAsync(inputPath, BatchSize, new TableReadOptions { AllText = true }, ct))
            {
                var result = model.Score(batch);
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
}
