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

    /// <summary>Whether a fit asking for <see cref="FitRequest.EarlyStopping"/> chooses its rounds on held-out rows (the boosted learners).</summary>
    protected virtual bool EarlyStops(TaskKind task) => false;

    /// <summary>The hyperparameter that holds the rounds early stopping chose, which the refit then trains.</summary>
    internal virtual string RoundsParameter => "number_of_iterations";

    /// <summary>The trainer fitted on <paramref name="train"/> with a generous cap on rounds, stopped by <paramref name="validation"/>, and the rounds it kept.</summary>
    protected virtual (ITransformer Model, int Rounds) FitEarlyStopped(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn,
        HyperparameterValues values, IDataView train, IDataView validation) => throw new NotSupportedException($"{Name} does not stop early.");

    /// <summary>The share of a fit's own rows held out to stop boosting: seeded, never the test rows nor a fold's validation rows.</summary>
    public const double HeldOutForRounds = 0.1;

    /// <summary>Fewer rows than this train the set rounds: a tenth of them would be too few to judge a round by.</summary>
    public const int MinimumRowsToStop = 200;

    public IFittedModel Fit(FitRequest request) => new Fitted(Train(request));

    public TrainedModel Train(FitRequest request)
    {
        var (ml, layout, rows, prep, prepared, treatments) = PreparedFit.Fit(request);
        var weightColumn = request.Weights is null ? null : WeightedDataView.Column;
        var values = new HyperparameterValues(Descriptor, request.Hyperparameters);
        int? rounds = null;
        ITransformer trainer;
        if (request.EarlyStopping && EarlyStops(request.Task) && rows.Length >= MinimumRowsToStop)
        {
            var split = ml.Data.TrainTestSplit(prepared, HeldOutForRounds, seed: request.Seed);
            (trainer, var kept) = FitEarlyStopped(ml, request.Task, rows.Length, request.Inputs.Count, weightColumn, values, split.TrainSet, split.TestSet);
            rounds = kept;
        }
        else trainer = CreateTrainer(ml, request.Task, rows.Length, request.Inputs.Count, weightColumn, values).Fit(prepared);
        var chain = new TransformerChain<ITransformer>(prep, trainer);
        return new TrainedModel(ml, chain, layout, request.Task, request.Classes, Name) { Treatments = treatments, Rounds = rounds, TrainingRows = rows };
    }

    /// <summary>Whether <see cref="FitRequest.EarlyStopping"/> changes how this learner fits <paramref name="task"/>.</summary>
    internal bool StopsEarly(TaskKind task) => EarlyStops(task);

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
