using System.Text.Json;
using MLCycle.Data;
using MLCycle.Monitoring;
using MLCycle.Pipelines;

namespace MLCycle.Agent;

/// <summary>
/// The data a retraining learns from. With <c>retrain.data: outcomes</c>: the spec's data (its <c>data.path</c> or every source) plus
/// every logged prediction of the model that has an outcome, its logged inputs as the features and the outcome as the target, appended
/// as rows (a union; columns the log does not hold, such as ignored ids, are empty). With <c>sources</c>: the spec's data alone.
/// The labelled rows go to a temporary JSON-lines file that this object deletes on dispose.
/// </summary>
public sealed class RetrainingData : IDisposable
{
    private readonly DirectoryInfo? _folder;

    private RetrainingData(PipelineSpec spec, int labelledRows, DirectoryInfo? folder) => (Spec, LabelledRows, _folder) = (spec, labelledRows, folder);

    /// <summary>The spec to run: the original, or one whose sources end with the labelled rows.</summary>
    public PipelineSpec Spec { get; }

    /// <summary>Logged predictions with an outcome appended to the data.</summary>
    public int LabelledRows { get; }

    public static async Task<RetrainingData> CreateAsync(PipelineSpec spec, IPredictionLog log, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(log);
        if (spec.Retrain?.Data != RetrainData.Outcomes) return new RetrainingData(spec, 0, null);
        var labelled = await log.ReadLabelledAsync(spec.Name, null, ct).ConfigureAwait(false);
        if (labelled.Count == 0) return new RetrainingData(spec, 0, null);
        var inputs = (await log.ReadAsync(spec.Name, null, int.MaxValue, ct).ConfigureAwait(false))
            .Where(e => e.Id is not null).GroupBy(e => e.Id!).ToDictionary(g => g.Key, g => g.Last().InputsJson, StringComparer.Ordinal);
        var folder = Directory.CreateTempSubdirectory("mlcycle-retrain-");
        try
        {
            var path = Path.Combine(folder.FullName, "outcomes.jsonl");
            var rows = await WriteAsync(path, spec.Data.Target, labelled, inputs, ct).ConfigureAwait(false);
            var original = spec.Sources.Count > 0 ? spec.Sources : [new SourceSpec(spec.Data.Path, new TableReadOptions { MaxColumns = spec.Data.MaxColumns })];
            var retrained = spec with
            {
                Sources = [.. original, new SourceSpec(path, new TableReadOptions { MaxColumns = spec.Data.MaxColumns }) { Label = $"{rows} logged predictions with outcomes" }],
                Data = spec.Data with { Path = "" },
            };
            return new RetrainingData(retrained, rows, folder);
        }
        catch
        {
            folder.Delete(recursive: true);
            throw;
        }
    }

    // One object per line: the logged inputs (minus any field named like the target) and the outcome as the target.
    private static async Task<int> WriteAsync(string path, string target, IReadOnlyList<LabelledPrediction> labelled, Dictionary<string, string> inputs, CancellationToken ct)
    {
        var rows = 0;
        await using var file = File.Create(path);
        foreach (var outcome in labelled.GroupBy(l => l.Id).Select(g => g.Last()))
        {
            if (!inputs.TryGetValue(outcome.Id, out var json)) continue;
            using var row = JsonDocument.Parse(json);
            await using (var writer = new Utf8JsonWriter(file))
            {
                writer.WriteStartObject();
                foreach (var field in row.RootElement.EnumerateObject())
                    if (field.Name != target) field.WriteTo(writer);
                if (outcome.Label is { } label) writer.WriteString(target, label);
                else if (outcome.Value is { } value) writer.WriteNumber(target, value);
                else writer.WriteNull(target);
                writer.WriteEndObject();
            }
            file.WriteByte((byte)'\n');
            rows++;
        }
        await file.FlushAsync(ct).ConfigureAwait(false);
        return rows;
    }

    public void Dispose()
    {
        _folder?.Refresh();
        if (_folder?.Exists == true) _folder.Delete(recursive: true);
    }
}
