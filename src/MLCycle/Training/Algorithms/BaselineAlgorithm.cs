using MLCycle.Data;

namespace MLCycle.Training.Algorithms;

/// <summary>The reference every model must beat (Evaluation's <see cref="BaselineModel"/>): it ignores the features and is not packageable.</summary>
internal sealed class BaselineAlgorithm : IAlgorithm
{
    public static readonly AlgorithmDescriptor Info = new()
    {
        Name = "baseline",
        Description = "The reference to beat: the majority class with the class frequencies, or the mean; never packaged.",
        Tasks = [TaskKind.Binary, TaskKind.Multiclass, TaskKind.Regression],
    };

    public string Name => Info.Name;

    public AlgorithmDescriptor Descriptor => Info;

    public void CheckTarget(TableColumn target) { }

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
