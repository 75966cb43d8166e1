using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Preparation;
using MLCycle.Training;
using MLCycle.Training.Neural;

namespace MLCycle.Serving;

/// <summary>
/// Engines for an <c>mlp</c> package: a pooled PredictionEngine runs the saved preparation chain up to "Features", and the
/// shared, thread-safe network predicts from it into buffers the engine owns, so a row allocates only its Prediction.
/// </summary>
internal sealed class NetworkEnginePool : EnginePool
{
    private readonly ObjectPool<Engine> _pool;
    private readonly MlpNetwork _network;
    private readonly TaskKind _task;
    private readonly IReadOnlyList<string> _classes;
    private readonly double _threshold;

    public NetworkEnginePool(MLContext ml, ITransformer chain, SchemaDefinition input, MlpNetwork network, TaskKind task, IReadOnlyList<string> classes, double threshold)
    {
        _network = network;
        _task = task;
        _classes = classes;
        _threshold = threshold;
        var provider = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 2 };
        _pool = provider.Create(new Policy(ml, chain, input, network));
        // One engine up front, so a chain that does not take this input, or writes features the network does not take,
        // fails at load time rather than at the first request.
        var first = _pool.Get();
        var type = first.Predictor.OutputSchema[PreparationChain.FeaturesColumn].Type;
        if (type is not VectorDataViewType { Size: var size } || size != network.FeatureCount)
        {
            first.Dispose();
            throw new InvalidDataException($"its {PreparationChain.FeaturesColumn} column is {type}, but the network takes {network.FeatureCount} features");
        }
        _pool.Return(first);
    }

    public override Prediction Predict(FeatureRow row)
    {
        var engine = _pool.Get();
        try
        {
            return Predict(engine, row);
        }
        finally
        {
            _pool.Return(engine);
        }
    }

    public override void Predict(FeatureRow?[] rows, ScoredPredictions results, int start, int end)
    {
        var engine = _pool.Get();
        try
        {
            for (var r = start; r < end; r++)
            {
                if (rows[r] is not { } row) continue;
                Run(engine, row);
                // As numbers where the task allows (ADR 0075), else as ScoreReader reads the network's output.
                if (_task == TaskKind.Binary) results.SetProbability(r, engine.Scores[0], _threshold);
                else if (_task == TaskKind.Regression) results.SetValue(r, engine.Scores[0]);
                else results[r] = ScoreReader.FromNetwork(engine.Scores, _task, _classes, _threshold);
            }
        }
        finally
        {
            _pool.Return(engine);
        }
    }

    // The provider hands out a disposable pool for disposable engines; disposing it disposes the retained engines.
    public override void Dispose() => (_pool as IDisposable)?.Dispose();

    private Prediction Predict(Engine engine, FeatureRow row)
    {
        Run(engine, row);
        return ScoreReader.FromNetwork(engine.Scores, _task, _classes, _threshold);
    }

    // The chain, then the network: the row's outputs in engine.Scores.
    private void Run(Engine engine, FeatureRow row)
    {
        engine.Predictor.Predict(row, ref engine.Output);
        var features = engine.Output.Features;
        if (features.IsDense) features.GetValues().CopyTo(engine.Dense);
        else
        {
            Array.Clear(engine.Dense);
            var indices = features.GetIndices();
            var values = features.GetValues();
            for (var i = 0; i < indices.Length; i++) engine.Dense[indices[i]] = values[i];
        }
        _network.Predict(engine.Dense, engine.Scores);
    }

    /// <summary>The preparation chain's output row a network engine reads.</summary>
    internal sealed class FeaturesOutput
    {
        public VBuffer<float> Features { get; set; }
    }

    // One engine with the buffers it reuses for every row it predicts.
    private sealed class Engine(PredictionEngine<FeatureRow, FeaturesOutput> predictor, MlpNetwork network) : IDisposable
    {
        public PredictionEngine<FeatureRow, FeaturesOutput> Predictor { get; } = predictor;
        // A field, so PredictionEngine.Predict refills it by ref and reuses its Features buffer row after row.
        public FeaturesOutput Output = new();
        public float[] Dense { get; } = new float[network.FeatureCount];
        public float[] Scores { get; } = new float[network.OutputCount];
        public void Dispose() => Predictor.Dispose();
    }

    private sealed class Policy(MLContext ml, ITransformer chain, SchemaDefinition input, MlpNetwork network) : PooledObjectPolicy<Engine>
    {
        public override Engine Create() =>
            new(ml.Model.CreatePredictionEngine<FeatureRow, FeaturesOutput>(chain, ignoreMissingColumns: true, inputSchemaDefinition: input), network);

        public override bool Return(Engine obj) => true;
    }
}
