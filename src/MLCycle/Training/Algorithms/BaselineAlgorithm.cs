using MLCycle.Data;

namespace MLCycle.Training.Algorithms;

/// <summary>The reference every model must beat (Evaluation's <see cref="BaselineModel"/>): it ignores the features and is not packageable.</summary>
internal sealed class BaselineAlgorithm : IAlgorithm
{
    public string Name => "baseline";

    public IFittedModel Fit(FitRequest request)
    {
        var baseline = request.Task == TaskKind.Regression
            ? BaselineModel.Fit(request.Train[request.Target].Numbers!)
            : BaselineModel.Fit(request.Task, Enumerable.Range(0, request.Train.RowCount).Select(request.Label).ToArray(), request.Classes);
        return new Constant(baseline);
    }

    private sealed class Constant(BaselineModel baseline) : IFittedModel
    {
        public TrainedModel? Model => null;
        public IReadOnlyList<Prediction> Predict(Table data) => baseline.Predict(data.RowCount);
    }
}
