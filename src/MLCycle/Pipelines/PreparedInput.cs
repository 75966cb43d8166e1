using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>A spec whose data has been read and checked against it: everything a run needs before it writes anything.</summary>
/// <param name="ReadOptions">How the data was read (column kinds), so profiling sees the same columns as training.</param>
public sealed record PreparedInput(PipelineSpec Spec, Table Table, TaskKind Task, IReadOnlyList<QualityGate> Gates, TableReadOptions ReadOptions);
