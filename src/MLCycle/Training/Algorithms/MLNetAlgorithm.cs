using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Preparation;

namespace MLCycle.Training.Algorithms;

/// <summary>An algorithm that is an ML.NET trainer behind the shared preparation chain.</summary>
internal abstract class MLNetAlgorithm : IAlgorithm
{
    public virtual string Name => Descriptor.Name;

    public abstract AlgorithmDescriptor Descriptor { get; }

    /// <summary>Most learners take any target the task allows; Poisson regression refuses negative ones.</summary>
    public virtual void CheckTarget(TableColumn target) { }

    /// <summary>
    /// The trainer for the task, reading "Label" and "Features", and the example weights from <paramref name="weightColumn"/>
    /// when it is not null; <paramref name="inputs"/> is the number of input columns (see <see cref="WideFeatureRule"/>);
    /// <paramref name="values"/> holds the hyperparameters to train with.
    /// </summary>
    protected abstract IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn, HyperparameterValues values);

    public IFittedModel Fit(FitRequest request) => new Fitted(Train(request));

    public TrainedModel Train(FitRequest request)
    {
        var (ml, layout, rows, prep, prepared, treatments) = PreparedFit.Fit(request);
        var weightColumn = request.Weights is null ? null : WeightedDataView.Column;
        var trainer = CreateTrainer(ml, request.Task, rows.Length, request.Inputs.Count, weightColumn, new HyperparameterValues(Descriptor, request.Hyperparameters)).Fit(prepared);
        var chain = new TransformerChain<ITransformer>(prep, trainer);
        return new TrainedModel(ml, chain, layout, request.Task, request.Classes, Name) { Treatments = treatments, TrainingRows = rows };
    }

    /// <summary>The training rows encoded for the request's inputs, with the label each row is trained on.</summary>
    internal static FeatureRow[] Encode(FitRequest request)
    {
        var rows = new FeatureEncoder(new FeatureLayout(request.Inputs)).Encode(request.Train);
        WriteLabels(rows, request);
        return rows;
    }

    private static void WriteLabels(FeatureRow[] rows, FitRequest request)
    {
        var target = request.Train[request.Target];
        var keys = request.Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (uint)p.i, StringComparer.Ordinal);
        for (var r = 0; r < rows.Length; r++)
        {
            switch (request.Task)
            {
                case TaskKind.Regression:
                    rows[r].Label = (float)target.Numbers![r];
                    break;
                case TaskKind.Binary:
                    rows[r].BinaryLabel = request.Label(r) == request.Classes[1];
                    break;
                default:
                    rows[r].ClassKey = keys[request.Label(r)];
                    break;
            }
        }
    }

    /// <summary>
    /// A binary learner whose scores are not probabilities, followed by Platt scaling (<see cref="CrossFittedPlatt"/>),
    /// so it writes the "Probability" column ScoreReader, the metrics and serving read.
    /// </summary>
    protected static IEstimator<ITransformer> WithPlatt(MLContext ml, IEstimator<ITransformer> trainer, string? weightColumn) =>
        new CrossFittedPlatt(ml, trainer, weightColumn);

    /// <summary>Minimum examples per leaf for tree learners: the usual 20, less on small data so trees can still split.</summary>
    protected static int MinLeaf(int rows) => Math.Clamp(rows / 50, 2, 20);

    private sealed class Fitted(TrainedModel model) : IFittedModel
    {
        public TrainedModel? Model => model;
        public IReadOnlyList<Prediction> Predict(Table data) => model.Predict(data);
    }
}
