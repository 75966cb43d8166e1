using MLCycle.Serving;

namespace MLCycle.Server.Json;

/// <summary>The body of a successful predict call: the model version, one prediction per row, and warnings.</summary>
internal sealed record PredictResponse(ModelIdentity Model, IReadOnlyList<Prediction> Predictions, IReadOnlyList<string> Warnings);
