using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Training.Neural;

namespace MLCycle.Training.Algorithms;

/// <summary>
/// MLCycle's own multilayer perceptron (<see cref="MlpTrainer"/>) behind the shared preparation chain: the chain is saved in
/// model.zip as for every learner, and the network beside it (network.bin). The core cannot weigh rows, so weighted runs refuse it.
/// </summary>
internal sealed class MlpAlgorithm : IAlgorithm
{
    // Two layers of 64 with a little dropout and small batches: enough steps per epoch on a few hundred rows, while early
    // stopping on the held-out tenth keeps the best epoch.
    private const int Units = 64;
    private const int Layers = 2;
    private const double LearningRate = 3e-3;
    private const double WeightDecay = 1e-2;
    private const double Dropout = 0.1;
    private const int BatchSize = 32;

    public string Name => Descriptor.Name;

    public AlgorithmDescriptor Descriptor { get; } = new()
    {
        Name = "mlp",
        Description = "MLCycle's multilayer perceptron (ReLU, AdamW, early stopping) on the prepared features; no sample weights.",
        Tasks = [TaskKind.Binary, TaskKind.Multiclass, TaskKind.Regression],
        TakesWeights = false,
        Hyperparameters =
        [
            new("hidden_units", Units, 8, 512) { Integer = true, LogScale = true },
            new("hidden_layers", Layers, 1, 4) { Integer = true },
            new("learning_rate", LearningRate, 1e-4, 1e-1) { LogScale = true },
            new("weight_decay", WeightDecay, 1e-5, 1e-1) { LogScale = true },
            new("dropout", Dropout, 0, 0.5),
            new("batch_size", BatchSize, 16, 512) { Integer = true, LogScale = true },
        ],
    };

    public void CheckTarget(TableColumn target) { }

    public IFittedModel Fit(FitRequest request) => new Fitted(Train(request));

    public TrainedModel Train(FitRequest request)
    {
        var fit = PreparedFit.Fit(request);
        var column = fit.Prepared.Schema[PreparationChain.FeaturesColumn];
        if (column.Type is not VectorDataViewType { Size: > 0 } vector)
            throw new InvalidOperationException($"The preparation chain wrote '{column.Name}' as {column.Type}; the network needs a vector of known size.");
        var features = new float[(long)fit.Rows.Length * vector.Size];
        var row = 0;
        foreach (var values in fit.Prepared.GetColumn<float[]>(column.Name)) values.CopyTo(features, row++ * vector.Size);
        // A tuner's values when it set them, else the defaults above (the descriptor's).
        var settings = new HyperparameterValues(Descriptor, request.Hyperparameters);
        var options = new MlpOptions
        {
            HiddenLayers = Enumerable.Repeat(settings.Int("hidden_units"), settings.Int("hidden_layers")).ToArray(),
            LearningRate = (float)settings.Double("learning_rate"),
            WeightDecay = (float)settings.Double("weight_decay"),
            Dropout = (float)settings.Double("dropout"),
            BatchSize = settings.Int("batch_size"),
            Seed = request.Seed,
        };
        var labels = PreparedFit.Labels(fit.Rows, request.Task);
        var network = MlpTrainer.Fit(features, labels, vector.Size, request.Task, options, request.Task == TaskKind.Multiclass ? request.Classes.Count : 0).Network;
        return new TrainedModel(fit.Ml, fit.Chain, fit.Layout, request.Task, request.Classes, Name) { Treatments = fit.Treatments, Network = network, TrainingRows = fit.Rows };
    }

    private sealed class Fitted(TrainedModel model) : IFittedModel
    {
        public TrainedModel? Model => model;
        public IReadOnlyList<Prediction> Predict(Table data) => model.Predict(data);
    }
}
