using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Preparation;
using MLCycle.Training;

namespace MLCycle.Serving;

/// <summary>
/// Engines for a package whose last stage is a tree ensemble <see cref="TreeScorer"/> can walk (ADR 0056): a pooled
/// PredictionEngine runs the saved preparation chain up to "Features", exactly as before, and the trees are walked a block
/// of rows at a time instead of one row at a time through ML.NET's predictor. Used only when, at load, the walk gave the
/// same floats as ML.NET's own predictor on feature vectors placed on and just past every split; rows with a missing
/// feature go to ML.NET's engines. Where the chain could be read back (<see cref="CompiledPreparation"/>, ADR 0076) rows are
/// prepared by it instead, and by the engine only when they hold a token it was not shown.
/// </summary>
internal sealed class TreeEnginePool : EnginePool
{
    /// <summary>Rows walked side by side per call of <see cref="CompiledTrees.Sum"/>.</summary>
    internal const int Block = 64;

    private readonly ObjectPool<Engine> _pool;
    private readonly TreeScorer _scorer;
    private readonly EnginePool _whole;
    private readonly IReadOnlyList<string> _classes;
    private readonly double _threshold;
    private readonly CompiledPreparation? _preparation;

    private TreeEnginePool(ObjectPool<Engine> pool, TreeScorer scorer, EnginePool whole, IReadOnlyList<string> classes, double threshold,
        CompiledPreparation? preparation)
    {
        _preparation = preparation;
        _pool = pool;
        _scorer = scorer;
        _whole = whole;
        _classes = classes;
        _threshold = threshold;
    }

    /// <summary>
    /// The walking pool for <paramref name="model"/>, or null when its last stage is not a tree ensemble the walker takes or the
    /// walk did not reproduce ML.NET's outputs; <paramref name="whole"/> (ML.NET's engines for the whole chain) scores rows
    /// with a missing feature and is disposed with the pool. With <paramref name="encoder"/> (the encoder rows are written by, when
    /// the chain has no numeric treatments) the preparation chain is read back into a <see cref="CompiledPreparation"/> if it can be.
    /// </summary>
    public static TreeEnginePool? TryCreate(MLContext ml, ITransformer model, SchemaDefinition input, TaskKind task, IReadOnlyList<string> classes,
        double threshold, EnginePool whole, FeatureEncoder? encoder = null)
    {
        if (model is not TransformerChain<ITransformer> chain || chain.Count() < 2) return null;
        var stages = chain.ToArray();
        // The trees' type is checked before a preparation engine is built for them (width checked once it is known).
        if (TreeScorer.TryCreate(stages[^1], int.MaxValue) is null) return null;
        var preparation = new TransformerChain<ITransformer>(stages[..^1]);
        var provider = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 2 };
        var pool = provider.Create(new Policy(ml, preparation, input));
        var first = pool.Get();
        try
        {
            if (first.Predictor.OutputSchema.GetColumnOrNull(PreparationChain.FeaturesColumn)?.Type is not VectorDataViewType { Size: > 0 and var size }) return null;
            if (TreeScorer.TryCreate(stages[^1], size) is not { } scorer || scorer.Task != task) return null;
            if (!TreeWalkCheck.Agrees(ml, stages[^1], scorer)) return null;
            var compiled = encoder is null ? null : CompiledPreparation.TryCreate(encoder, row => NetworkEnginePool.FeaturesOutput.Dense(first.Predictor, row), size);
            return new TreeEnginePool(pool, scorer, whole, classes, threshold, compiled);
        }
        finally
        {
            pool.Return(first);
        }
    }

    /// <summary>The trees walked and how their sum becomes a score.</summary>
    public TreeScorer Scorer => _scorer;

    /// <summary>The preparation chain read back, or null when rows go through ML.NET's engine for it.</summary>
    public CompiledPreparation? Preparation => _preparation;

    public override Prediction Predict(FeatureRow row)
    {
        var results = new ScoredPredictions(1, _classes);
        Predict([row], results, 0, 1);
        return results[0]!;
    }

    public override void Predict(FeatureRow?[] rows, ScoredPredictions results, int start, int end)
    {
        var engine = _pool.Get();
        try
        {
            engine.Resize(_scorer.Trees.FeatureCount);
            for (var from = start; from < end; from += Block) PredictBlock(engine, rows, results, from, Math.Min(end, from + Block));
        }
        finally
        {
            _pool.Return(engine);
        }
    }

    public override void Dispose()
    {
        (_pool as IDisposable)?.Dispose();
        _whole.Dispose();
    }

    private void PredictBlock(Engine engine, FeatureRow?[] rows, ScoredPredictions results, int from, int to)
    {
        var width = _scorer.Trees.FeatureCount;
        var count = to - from;
        var features = engine.Features.AsSpan(0, count * width);
        var skip = engine.Skip.AsSpan(0, count);
        var sums = engine.Sums.AsSpan(0, count);
        sums.Clear();
        for (var i = 0; i < count; i++)
        {
            var row = rows[from + i];
            skip[i] = row is null || !engine.Prepare(row, features.Slice(i * width, width), _preparation);
            // A missing feature may follow a learnt default direction at each split, which only ML.NET's trees know.
            if (row is not null && skip[i]) results[from + i] = _whole.Predict(row);
        }
        _scorer.Trees.Sum(features, sums, skip);
        for (var i = 0; i < count; i++)
        {
            if (skip[i]) continue;
            var score = TreeScorer.Score(sums[i]);
            if (_scorer.Task == TaskKind.Binary) results.SetProbability(from + i, _scorer.Probability(score), _threshold);
            else results.SetValue(from + i, score);
        }
    }

    // One preparation engine with the buffers a block of rows reuses.
    private sealed class Engine(PredictionEngine<FeatureRow, NetworkEnginePool.FeaturesOutput> predictor) : IDisposable
    {
        public PredictionEngine<FeatureRow, NetworkEnginePool.FeaturesOutput> Predictor { get; } = predictor;
        // A field, so PredictionEngine.Predict refills it by ref and reuses its Features buffer row after row.
        public NetworkEnginePool.FeaturesOutput Output = new();
        public float[] Features { get; private set; } = [];
        public bool[] Skip { get; } = new bool[Block];
        public double[] Sums { get; } = new double[Block];

        public void Resize(int width)
        {
            if (Features.Length != width * Block) Features = new float[width * Block];
        }

        /// <summary>Writes the row's dense features into <paramref name="dense"/>, by <paramref name="compiled"/> when it takes the
        /// row; false when one of them is missing (NaN).</summary>
        public bool Prepare(FeatureRow row, Span<float> dense, CompiledPreparation? compiled)
        {
            if (compiled is null || !compiled.TryWrite(row, dense)) PrepareByChain(row, dense);
            return !HasNaN(dense);
        }

        private void PrepareByChain(FeatureRow row, Span<float> dense)
        {
            Predictor.Predict(row, ref Output);
            Output.CopyTo(dense);
        }

        private static bool HasNaN(ReadOnlySpan<float> values)
        {
            foreach (var v in values) if (float.IsNaN(v)) return true;
            return false;
        }

        public void Dispose() => Predictor.Dispose();
    }

    private sealed class Policy(MLContext ml, ITransformer preparation, SchemaDefinition input) : PooledObjectPolicy<Engine>
    {
        public override Engine Create() =>
            new(ml.Model.CreatePredictionEngine<FeatureRow, NetworkEnginePool.FeaturesOutput>(preparation, ignoreMissingColumns: true, inputSchemaDefinition: input));

        public override bool Return(Engine obj) => true;
    }
}
