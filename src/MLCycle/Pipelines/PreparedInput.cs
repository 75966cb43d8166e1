using MLCycle.Data;
using MLCycle.Data.Snapshots;
using MLCycle.Evaluation;
using MLCycle.Profiling;

namespace MLCycle.Pipelines;

/// <summary>A spec whose data has been read and checked against it: everything a run needs before it writes anything.</summary>
/// <param name="Spec">The spec; when it lists sources, its <c>data.path</c> points at their combined temporary file.</param>
/// <param name="ReadOptions">How the data was read (column kinds), so profiling sees the same columns as training.</param>
public sealed record PreparedInput(PipelineSpec Spec, Table Table, TaskKind Task, IReadOnlyList<QualityGate> Gates, TableReadOptions ReadOptions) : IDisposable
{
    /// <summary>The spec's sources combined into one temporary file; null when the spec names one <c>data.path</c>.</summary>
    public CombinedSources? Sources { get; init; }

    /// <summary>The data as read once, before the task shaped the target: what the profile and the checks took.</summary>
    public required DataSnapshot Snapshot { get; init; }

    /// <summary>The bias check against the spec's <c>population</c>; null when the spec declares none.</summary>
    public BiasReport? Population { get; init; }

    /// <summary>Deletes the combined sources' temporary file.</summary>
    public void Dispose() => Sources?.Dispose();
}
