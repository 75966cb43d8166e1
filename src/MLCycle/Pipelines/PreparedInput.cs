using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>A spec whose data has been read and checked against it: everything a run needs before it writes anything.</summary>
public sealed record PreparedInput(PipelineSpec Spec, Table Table, TaskKind Task, IReadOnlyList<QualityGate> Gates);
