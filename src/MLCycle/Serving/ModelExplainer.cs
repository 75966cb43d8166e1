using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Evaluation.Explanations;
using MLCycle.Preparation;
using MLCycle.Registry;

namespace MLCycle.Serving;

/// <summary>
/// Explains the predictions of one loaded model: exactly from the row's "Features" vector when its learner is a tree
/// ensemble or a linear model whose slots each belong to one input, otherwise by permutation sampling through the model's
/// own pooled engines.
/// </summary>
internal sealed class ModelExplainer : IDisposable
{
    private readonly ModelManifest _manifest;
    private readonly ExactExplainer? _exact;
    private readonly ObjectPool<FeaturesEngine>? _features;
    private readonly SamplingShapley? _sampling;
    private readonly EnginePool _engines;

    /// <summary>The explainer of a loaded package; <paramref name="shown"/> names the package in the error when its basis does not fit it.</summary>
    public ModelExplainer(MLContext ml, ITransformer model, SchemaDefinition input, ModelManifest manifest, ExplanationBasis basis, bool network,
        EnginePool engines, string shown)
    {
        _manifest = manifest;
        _engines = engines;
        try
        {
            (_exact, _features, _sampling) = Choose(ml, model, input, manifest, basis, network);
        }
        catch (InvalidDataException e)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: {ModelPackage.ExplanationFile} does not fit {ModelPackage.ModelFile}: {e.Message}; refusing it.", e);
        }
    }

    private static (ExactExplainer?, ObjectPool<FeaturesEngine>?, SamplingShapley?) Choose(MLContext ml, ITransformer model, SchemaDefinition input,
        ModelManifest manifest, ExplanationBasis basis, bool network)
    {
        var layout = new FeatureLayout(manifest.Inputs);
        var exact = network ? null : ExactExplainer.Create(model, layout, manifest.Task, basis);
        if (exact is not null)
        {
            var provider = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 2 };
            return (exact, provider.Create(new Policy(ml, model, input)), null);
        }
        if (basis.Background.Count == 0) throw new InvalidDataException("it stores no background rows");
        if (basis.Background.Any(r => r.Numeric.Length != layout.NumericCount || r.Categorical.Length != layout.CategoricalCount
            || r.Hashed.Length != layout.HashedCount || r.Text.Length != layout.TextCount))
        {
            throw new InvalidDataException("its background rows do not fit the manifest's inputs");
        }
        return (null, null, new SamplingShapley(layout, basis.Background));
    }

    /// <summary>The contribution of every input (manifest order) to <paramref name="prediction"/> of <paramref name="row"/>.</summary>
    public Explanation Explain(FeatureRow row, Prediction prediction)
    {
        if (_exact is not null)
        {
            var engine = _features!.Get();
            try
            {
                engine.Predictor.Predict(row, ref engine.Output);
                return _exact.Explain(Dense(engine.Output.Features, engine.Dense));
            }
            finally
            {
                _features.Return(engine);
            }
        }
        var scale = _manifest.Task == TaskKind.Regression ? "value" : "probability";
        return _sampling!.Explain(row, batch => Scores(batch, prediction.Label), scale);
    }

    public void Dispose() => (_features as IDisposable)?.Dispose();

    // The score the sampling method explains: the value, the positive class's probability, or the probability of the class
    // predicted for the explained row (so every mixed row is scored on the same class).
    private double[] Scores(IReadOnlyList<FeatureRow> rows, string? label)
    {
        var batch = rows.ToArray<FeatureRow?>();
        var results = new ScoredPredictions(batch.Length, _manifest.Classes);
        _engines.Predict(batch, results, 0, batch.Length);
        var positive = _manifest.Task == TaskKind.Binary ? _manifest.Classes[1] : label;
        return results.Select(p => p!.Value ?? p.Probabilities![positive!]).ToArray();
    }

    private static float[] Dense(VBuffer<float> features, float[] dense)
    {
        if (features.IsDense)
        {
            features.GetValues().CopyTo(dense);
            return dense;
        }
        Array.Clear(dense);
        var indices = features.GetIndices();
        var values = features.GetValues();
        for (var i = 0; i < indices.Length; i++) dense[indices[i]] = values[i];
        return dense;
    }

    private sealed class FeaturesEngine(PredictionEngine<FeatureRow, NetworkEnginePool.FeaturesOutput> predictor, int size) : IDisposable
    {
        public PredictionEngine<FeatureRow, NetworkEnginePool.FeaturesOutput> Predictor { get; } = predictor;
        // A field, so Predict refills it by ref and reuses its buffer.
        public NetworkEnginePool.FeaturesOutput Output = new();
        public float[] Dense { get; } = new float[size];
        public void Dispose() => Predictor.Dispose();
    }

    private sealed class Policy(MLContext ml, ITransformer model, SchemaDefinition input) : PooledObjectPolicy<FeaturesEngine>
    {
        public override FeaturesEngine Create()
        {
            var predictor = ml.Model.CreatePredictionEngine<FeatureRow, NetworkEnginePool.FeaturesOutput>(model, ignoreMissingColumns: true, inputSchemaDefinition: input);
            var size = predictor.OutputSchema[PreparationChain.FeaturesColumn].Type is VectorDataViewType { Size: var s } ? s : 0;
            return new FeaturesEngine(predictor, size);
        }

        public override bool Return(FeaturesEngine obj) => true;
    }
}
