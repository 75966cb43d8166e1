using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>
/// Reads the spec's data and checks the spec against it (columns named, target usable, gates known) so that a wrong
/// spec fails with exit code 2 before the store is opened or anything is written.
/// </summary>
public static class PipelinePreflight
{
    public static async Task<PreparedInput> CheckAsync(PipelineSpec spec, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var reader = new TableReader();
        var options = new TableReadOptions { Types = spec.Data.Types };
        var schema = await reader.InferSchemaAsync(spec.Data.Path, options, ct);
        SpecColumnCheck.Verify(spec, schema);

        progress?.Report($"Reading {Path.GetFileName(spec.Data.Path)}");
        var table = await reader.ReadAsync(spec.Data.Path, options, ct);
        var task = SpecTask.Resolve(spec, table[spec.Data.Target]);
        table = SpecTask.WithTargetFor(task, table, spec);
        var gates = spec.Evaluate.Gates.Select(QualityGate.Parse).ToList();
        GateCheck.Verify(spec, gates, task);
        return new PreparedInput(spec, table, task, gates);
    }
}
