using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Preparation;
using MLCycle.Training;

namespace MLCycle.Serving;

/// <summary>
/// Prediction engines for one loaded model, pooled because a PredictionEngine is not thread-safe
/// (as Microsoft.Extensions.ML does it).
/// </summary>
internal abstract class EnginePool : IDisposable
{
    /// <summary>
    /// Engines for <paramref name="model"/>: ML.NET's engines for the whole chain, or, for a tree ensemble whose walk gives the
    /// same floats, a <see cref="TreeEnginePool"/> in front of them (ADR 0056), which reads the preparation chain back when given the
    /// rows' <paramref name="encoder"/> (ADR 0076).
    /// </summary>
    public static EnginePool Create(MLContext ml, ITransformer model, SchemaDefinition input, TaskKind task, IReadOnlyList<string> classes, double threshold,
        FeatureEncoder? encoder = null)
    {
        var whole = CreateWhole(ml, model, input, task, classes, threshold);
        return TreeEnginePool.TryCreate(ml, model, input, task, classes, threshold, whole, encoder) ?? whole;
    }

    /// <summary>ML.NET's engines for the whole chain.</summary>
    public static EnginePool CreateWhole(MLContext ml, ITransformer model, SchemaDefinition input, TaskKind task, IReadOnlyList<string> classes, double threshold) => task switch
    {
        TaskKind.Binary => new Pool<BinaryOutput>(ml, model, input, o => ScoreReader.FromProbability(o.Probability, classes, threshold, keepNaN: true),
            (o, results, r) => results.SetProbability(r, o.Probability, threshold)),
        TaskKind.Multiclass => new Pool<MulticlassOutput>(ml, model, input, o => ScoreReader.FromScores(o.Score, classes, keepNaN: true),
            (o, results, r) => results[r] = ScoreReader.FromScores(o.Score, classes, keepNaN: true)),
        _ => new Pool<RegressionOutput>(ml, model, input, o => ScoreReader.FromValue(o.Score), (o, results, r) => results.SetValue(r, o.Score)),
    };

    public abstract Prediction Predict(FeatureRow row);

    /// <summary>Predicts rows[start..end) with one engine into <paramref name="results"/>; null rows stay null.</summary>
    public abstract void Predict(FeatureRow?[] rows, ScoredPredictions results, int start, int end);

    public abstract void Dispose();

    private sealed class Pool<TOut> : EnginePool where TOut : class, new()
    {
        private readonly ObjectPool<PredictionEngine<FeatureRow, TOut>> _pool;
        private readonly Func<TOut, Prediction> _read;
        // Writes an engine's output into a call's results: as numbers where the task allows (ADR 0075).
        private readonly Action<TOut, ScoredPredictions, int> _write;

        public Pool(MLContext ml, ITransformer model, SchemaDefinition input, Func<TOut, Prediction> read, Action<TOut, ScoredPredictions, int> write)
        {
            _read = read;
            _write = write;
            var provider = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 2 };
            _pool = provider.Create(new Policy(ml, model, input));
            // One engine up front: the first request is not slowed by building it, and a model that does not
            // accept this input schema fails at load time rather than at the first request.
            _pool.Return(_pool.Get());
        }

        public override Prediction Predict(FeatureRow row)
        {
            var engine = _pool.Get();
            try
            {
                return _read(engine.Predict(row));
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
                for (var r = start; r < end; r++) if (rows[r] is { } row) _write(engine.Predict(row), results, r);
            }
            finally
            {
                _pool.Return(engine);
            }
        }

        // The provider hands out a disposable pool for disposable engines; disposing it disposes the retained engines.
        public override void Dispose() => (_pool as IDisposable)?.Dispose();

        private sealed class Policy(MLContext ml, ITransformer model, SchemaDefinition input) : PooledObjectPolicy<PredictionEngine<FeatureRow, TOut>>
        {
            public override PredictionEngine<FeatureRow, TOut> Create() =>
                ml.Model.CreatePredictionEngine<FeatureRow, TOut>(model, ignoreMissingColumns: true, inputSchemaDefinition: input);

            public override bool Return(PredictionEngine<FeatureRow, TOut> obj) => true;
        }
    }
}
