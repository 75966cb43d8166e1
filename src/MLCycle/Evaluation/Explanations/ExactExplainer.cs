using Microsoft.ML;
using MLCycle.Preparation;

namespace MLCycle.Evaluation.Explanations;

/// <summary>
/// Exact contributions from the "Features" vector of one row: path-dependent TreeSHAP for a tree ensemble, w·(x − mean)
/// for a linear model, the shape function's effect minus its training mean for a GAM; computed per slot and summed per input column, so base + contributions is the raw score exactly.
/// </summary>
public sealed class ExactExplainer
{
    private readonly ShapTree[]? _trees;
    private readonly float[]? _weights;
    private readonly double[]? _means;
    private readonly IReadOnlyList<GamShape>? _shapes;
    private readonly int[] _slots;
    private readonly int _inputs;
    private readonly int _depth;

    private ExactExplainer(ShapTree[]? trees, float[]? weights, double[]? means, double bias, int[] slots, int inputs, string scale,
        IReadOnlyList<GamShape>? shapes = null)
    {
        _trees = trees;
        _shapes = shapes;
        _weights = weights;
        _means = means;
        _slots = slots;
        _inputs = inputs;
        _depth = trees?.Max(t => t.Depth) ?? 0;
        Scale = scale;
        Method = trees is not null ? "tree_shap" : shapes is not null ? "gam" : "linear";
        Base = trees is not null ? bias + trees.Sum(t => t.Expected) : shapes is not null ? bias + means!.Sum() : bias + weights!.Select((w, j) => w * means![j]).Sum();
    }

    /// <summary>"tree_shap", "linear" or "gam".</summary>
    public string Method { get; }
    /// <summary>The scale of the raw score the contributions add up to.</summary>
    public string Scale { get; }
    /// <summary>The expected raw score over the training rows.</summary>
    public double Base { get; }

    /// <summary>
    /// The exact explainer of an ML.NET <paramref name="model"/> (its chain writes "Features"), or null when its learner is not
    /// a tree ensemble or a linear model, its slots cannot all be given to one input, or the basis lacks what it needs.
    /// </summary>
    public static ExactExplainer? Create(ITransformer model, FeatureLayout layout, TaskKind task, ExplanationBasis basis)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(basis);
        if (ScoringParameters.Read(model, task) is not { } parameters) return null;
        var input = new MLContext(seed: 1).Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), layout.CreateSchema()).Schema;
        if (FeatureSlotMap.Create(model.GetOutputSchema(input), layout) is not { } slots) return null;
        if (parameters.Trees is { } trees)
        {
            if (basis.LeafCovers is not { } covers) return null;
            if (covers.Count != trees.Count) throw new InvalidDataException($"the model has {trees.Count} trees but covers are stored for {covers.Count}");
            var shapTrees = new ShapTree[trees.Count];
            for (var t = 0; t < trees.Count; t++)
            {
                if (ShapTree.Create(trees[t].Tree, trees[t].Weight, covers[t]) is not { } tree) return null;
                shapTrees[t] = tree;
            }
            return new ExactExplainer(shapTrees, null, null, parameters.Bias, slots, layout.Inputs.Count, parameters.Scale);
        }
        if (parameters.Shapes is { } shapes)
        {
            // ML.NET leaves out features it never split on; without their map to slots, a GAM is explained by sampling.
            if (basis.EffectMeans is not { } effects || shapes.Count != slots.Length || effects.Length != slots.Length) return null;
            return new ExactExplainer(null, null, effects, parameters.Bias, slots, layout.Inputs.Count, parameters.Scale, shapes);
        }
        if (basis.FeatureMeans is not { } means || means.Length != parameters.Weights!.Length || means.Length != slots.Length) return null;
        return new ExactExplainer(null, parameters.Weights, means, parameters.Bias, slots, layout.Inputs.Count, parameters.Scale);
    }

    /// <summary>The contribution of each input column for a row whose prepared feature vector is <paramref name="features"/>.</summary>
    public Explanation Explain(ReadOnlySpan<float> features)
    {
        if (features.Length != _slots.Length) throw new ArgumentException($"expected {_slots.Length} features, found {features.Length}", nameof(features));
        var phi = new double[_slots.Length];
        if (_trees is not null)
        {
            var workspace = new TreeShap.Workspace(_depth);
            foreach (var tree in _trees) TreeShap.Add(tree, features, phi, workspace);
        }
        else if (_shapes is not null)
        {
            for (var j = 0; j < phi.Length; j++) phi[j] = _shapes[j].Effect(features[j]) - _means![j];
        }
        else
        {
            for (var j = 0; j < phi.Length; j++) phi[j] = _weights![j] * (features[j] - _means![j]);
        }
        var contributions = new double[_inputs];
        for (var j = 0; j < phi.Length; j++) contributions[_slots[j]] += phi[j];
        return new Explanation(Base, Scale, Method, 0, contributions);
    }
}
