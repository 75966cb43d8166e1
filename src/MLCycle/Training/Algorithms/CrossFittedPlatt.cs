using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLCycle.Training.Algorithms;

/// <summary>
/// A binary learner whose scores are margins or votes, not probabilities, followed by Platt scaling fitted on
/// out-of-fold scores: each fold's rows are scored by a model that never saw them. Fitting the sigmoid on the final
/// model's own training scores would learn from overfit scores (a forest is nearly certain on its training rows) and
/// give overconfident probabilities. The saved model is the learner fitted on every row, then that sigmoid.
/// </summary>
/// <param name="weightColumn">The sample weight column, or null; the sigmoid weighs rows as the learner did, so
/// calibration does not pull weighted probabilities back to the unweighted rates.</param>
internal sealed class CrossFittedPlatt(MLContext ml, IEstimator<ITransformer> trainer, string? weightColumn, int folds = 3) : IEstimator<ITransformer>
{
    public ITransformer Fit(IDataView input)
    {
        var model = trainer.Fit(input);
        var scores = new List<LabelledScore>();
        foreach (var fold in ml.Data.CrossValidationSplit(input, folds))
        {
            var scored = trainer.Fit(fold.TrainSet).Transform(fold.TestSet);
            var labels = scored.GetColumn<bool>("Label").ToArray();
            var values = scored.GetColumn<float>("Score").ToArray();
            var weights = weightColumn is null ? null : scored.GetColumn<float>(weightColumn).ToArray();
            scores.AddRange(labels.Select((label, i) => new LabelledScore { Label = label, Score = values[i], Weight = weights?[i] ?? 1 }));
        }
        var platt = ml.BinaryClassification.Calibrators.Platt(exampleWeightColumnName: nameof(LabelledScore.Weight));
        return new TransformerChain<ITransformer>(model, platt.Fit(ml.Data.LoadFromEnumerable(scores)));
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
        trainer.Append(ml.BinaryClassification.Calibrators.Platt()).GetOutputSchema(inputSchema);

    private sealed class LabelledScore
    {
        public bool Label { get; set; }
        public float Score { get; set; }
        public float Weight { get; set; }
    }
}
