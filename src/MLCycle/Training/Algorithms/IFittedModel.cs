using MLCycle.Data;

namespace MLCycle.Training.Algorithms;

/// <summary>Anything fitted that predicts rows of a typed table: an ML.NET model or the baseline.</summary>
internal interface IFittedModel
{
    IReadOnlyList<Prediction> Predict(Table data);

    /// <summary>The packageable ML.NET model, or null for a reference model such as the baseline.</summary>
    TrainedModel? Model { get; }
}
