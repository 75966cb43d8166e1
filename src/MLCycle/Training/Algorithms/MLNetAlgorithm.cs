using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;

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
        var ml = new MLContext(seed: request.Seed);
        var layout = new FeatureLayout(request.Inputs);
        var rows = request.Encoded ?? Encode(request);
        var data = ml.Data.LoadFromEnumerable(rows, layout.CreateSchema(request.Task, request.Classes.Count));
        // Fitted on this training part alone, so a cross-validation fold never sees its validation rows' values.
        var treatments = TreatmentFitter.Fit(request.Train, request.Target, request.Prepare.Treatments);
        var prep = PreparationChain.Fit(ml, layout, rows, data, request.Prepare, treatments);
        // The weight column joins after the preparation chain is fitted, so the saved chain never refers to it.
        var weighted = request.Weights is null ? data : new WeightedDataView(data, request.Weights);
        var prepared = ml.Data.Cache(prep.Transform(weighted));
        // On wide data the screen reads the cached chain output, so the chain runs once per fit, and joins the saved chain.
        if (WideFeatureRule.Screens(request.Inputs.Count)
            && FeatureScreen.Fit(ml, prepared, Labels(rows, request.Task), request.Task != TaskKind.Regression, WideFeatureRule.ScreenedFeatures) is { } screen)
        {
            prep = new TransformerChain<ITransformer>(prep, screen);
            prepared = ml.Data.Cache(screen.Transform(prepared));
        }
        var weightColumn = request.Weights is null ? null : WeightedDataView.Column;
        var trainer = CreateTrainer(ml, request.Task, rows.Length, request.Inputs.Count, weightColumn, new HyperparameterValues(Descriptor, request.Hyperparameters)).Fit(prepared);
        var chain = new TransformerChain<ITransformer>(prep, trainer);
        return new TrainedModel(ml, chain, layout, request.Task, request.Classes, Name) { Treatments = treatments };
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

    // The label each row was given by WriteLabels: the class index, or the regression target.
    private static float[] Labels(FeatureRow[] rows, TaskKind task) => task switch
    {
        TaskKind.Regression => Array.ConvertAll(rows, r => r.Label),
        TaskKind.Binary => Array.ConvertAll(rows, r => r.BinaryLabel ? 1f : 0f),
        _ => Array.ConvertAll(rows, r => (float)r.ClassKey),
    };

    /// <summary>Minimum examples per leaf for tree learners: the usual 20, less on small data so trees can still split.</summary>
    protected static int MinLeaf(int rows) => Math.Clamp(rows / 50, 2, 20);

    private sealed class Fitted(TrainedModel model) : IFittedModel
    {
        public TrainedModel? Model => model;
        public IReadOnlyList<Prediction> Predict(Table data) => model.Predict(data);
    }
}
