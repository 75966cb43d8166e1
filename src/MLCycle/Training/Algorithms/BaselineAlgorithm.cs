using MLCycle.Data;
using MLCycle.Serving;

namespace MLCycle.Training.Algorithms;

/// <summary>The reference every model must beat: the majority class with class priors, or the training mean. Not packageable.</summary>
internal sealed class BaselineAlgorithm : IAlgorithm
{
    public string Name => "baseline";

    public IFittedModel Fit(FitRequest request)
    {
        if (request.Task == TaskKind.Regression)
        {
            var numbers = request.Train[request.Target].Numbers!;
            var mean = numbers.Length == 0 ? 0 : numbers.Average();
            return new Constant(new Prediction(null, null, mean));
        }
        var counts = request.Classes.ToDictionary(c => c, _ => 0L, StringComparer.Ordinal);
        for (var r = 0; r < request.Train.RowCount; r++) counts[request.Label(r)]++;
        var total = Math.Max(1, request.Train.RowCount);
        var priors = request.Classes.ToDictionary(c => c, c => counts[c] / (double)total, StringComparer.Ordinal);
        // Ties go to the first class in class order, so the choice does not depend on row order.
        var majority = request.Classes.Aggregate((a, b) => counts[b] > counts[a] ? b : a);
        return new Constant(new Prediction(majority, priors, null));
    }

    private sealed class Constant(Prediction prediction) : IFittedModel
    {
        public TrainedModel? Model => null;
        public IReadOnlyList<Prediction> Predict(Table data) => Enumerable.Repeat(prediction, data.RowCount).ToList();
    }
}
