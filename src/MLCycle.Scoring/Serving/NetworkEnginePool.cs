using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Preparation;
using MLCycle.Training;
using MLCycle.Training.Neural;

namespace MLCycle.Serving;

/// <summary>
/// Engines for an <c>mlp</c> package: a pooled PredictionEngine runs the saved preparation chain up to "Features" (or the chain
/// read back, <see cref="CompiledPreparation"/>, ADR 0076, for the rows it takes), and the shared, thread-safe network predicts from
/// it into buffers the engine owns, so a row allocates only its Prediction.
/// </summary>
internal sealed class NetworkEnginePool : EnginePool
{
    private readonly ObjectPool<Engine> _pool;
    private readonly MlpNetwork _network;
    private readonly TaskKind _task;
    private readonly IReadOnlyList<string> _classes;
    private readonly double _threshold;

    /// <param name="encoder">The encoder rows are written by, when the chain may be read back (no numeric treatments); null keeps
    /// ML.NET's engine for every row.</param>
    public NetworkEnginePool(MLContext ml, ITransformer chain, SchemaDefinition input, MlpNetwork network, TaskKind task, IReadOnlyList<string> classes, double threshold,
        FeatureEncoder? encoder = null)
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
        Preparation = encoder is null ? null : CompiledPreparation.TryCreate(encoder, row => FeaturesOutput.Dense(first.Predictor, row), size);
        _pool.Return(first);
    }

    /// <summary>The preparation chain read back, or null when every row goes through ML.NET's engine for it.</summary>
    public CompiledPreparation? Preparation { get; }

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
                else results[r] = ScoreReader.FromNetwork(engine.Scores, _task, _classes, _threshold, keepNaN: true);
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
        return ScoreReader.FromNetwork(engine.Scores, _task, _classes, _threshold, keepNaN: true);
    }

    // The chain, then the network: the row's outputs in engine.Scores.
    private void Run(Engine engine, FeatureRow row)
    {
        if (Preparation is null || !Preparation.TryWrite(row, engine.Dense))
        {
            engine.Predictor.Predict(row, ref engine.Output);
            engine.Output.CopyTo(engine.Dense);
        }
        _network.Predict(engine.Dense, engine.Scores);
    }

    /// <summary>The preparation chain's output row a network engine reads.</summary>
    internal sealed class FeaturesOutput
    {
        public VBuffer<float> Features { get; set; }

        /// <summary>The features <paramref name="engine"/> writes for <paramref name="row"/>, in a new array (for reading a chain
        /// back when a package loads, not per request).</summary>
        public static float[] Dense(PredictionEngine<FeatureRow, FeaturesOutput> engine, FeatureRow row)
        {
            var output = engine.Predict(row);
            var dense = new float[output.Features.Length];
            output.CopyTo(dense);
            return dense;
        }

        /// <summary>Writes the features into <paramref name="dense"/>, a sparse vector's absent slots as 0.</summary>
        public void CopyTo(Span<float> dense)
        {
            if (Features.IsDense)
            {
                Features.GetValues().CopyTo(dense);
                return;
            }
            dense.Clear();
            var indices = Features.GetIndices();
            var values = Features.GetValues();
            for (var i = 0; i < indices.Length; i++) dense[indices[i]] = values[i];
        }
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
