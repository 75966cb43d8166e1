using MLCycle.Evaluation;

namespace MLCycle.Pipelines;

/// <summary>The chosen model on one extra test set (<c>evaluate.test_sets</c>): its name (the file's stem, as in the run metrics <c>test_set.NAME.*</c>) and evaluation.</summary>
public sealed record TestSetEvaluation(string Name, EvaluationReport Report);
