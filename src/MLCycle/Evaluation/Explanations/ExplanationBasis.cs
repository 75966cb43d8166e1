using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Preparation;
using MLCycle.Training;

namespace MLCycle.Evaluation.Explanations;

/// <summary>
/// What explaining a model needs from its training rows, computed when it is packaged: a small seeded background sample
/// (the sampling method's reference rows), the training cover of every tree leaf (path-dependent TreeSHAP), the mean
/// of every feature slot (linear contributions), or the mean effect of every GAM shape function.
/// </summary>
public sealed record ExplanationBasis
{
    /// <summary>Background rows kept in a package.</summary>
    public const int BackgroundRows = 32;
    // Covers are counted on at most this many training rows, a seeded sample beyond it, so packaging stays fast on big data.
    private const int CoverRows = 100_000;

    /// <summary>Training rows (inputs only) the sampling method replaces a row's values with.</summary>
    public IReadOnlyList<FeatureRow> Background { get; init; } = [];
    /// <summary>For a tree ensemble, the training rows reaching each leaf of each tree, in the ensemble's order.</summary>
    public IReadOnlyList<double[]>? LeafCovers { get; init; }
    /// <summary>For a linear model, the mean of each feature slot over the training rows.</summary>
    public double[]? FeatureMeans { get; init; }
    /// <summary>For a GAM, the mean over the training rows of what each shape function adds.</summary>
    public double[]? EffectMeans { get; init; }

    /// <summary>The basis of a trained model from the encoded rows it was trained on.</summary>
    public static ExplanationBasis Create(TrainedModel model, IReadOnlyList<FeatureRow> rows, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        var random = new Random(seed);
        // The labels stay out of the package.
        var background = Sample(rows, BackgroundRows, random).Select(r => r.CopyInputs()).ToArray();
        // A network or an ensemble is explained by sampling through its own scoring: its first chain's trees are not the model.
        if (model.Network is not null || model.Members is not null || ScoringParameters.Read(model.Transformer, model.Task) is not { } parameters)
        {
            return new ExplanationBasis { Background = background };
        }
        var sample = Sample(rows, CoverRows, random);
        var view = model.Context.Data.LoadFromEnumerable(sample, model.Layout.CreateSchema());
        var features = model.Transformer.Transform(view).GetColumn<float[]>(PreparationChain.FeaturesColumn).ToArray();
        if (parameters.Trees is { } trees)
        {
            return new ExplanationBasis { Background = background, LeafCovers = trees.Select(t => ShapTree.CountLeaves(t.Tree, features)).ToArray() };
        }
        if (parameters.Shapes is { } shapes)
        {
            // ML.NET drops the shape functions of features it never split on, and does not say which; such a GAM is sampled.
            if (features.Any(x => x.Length != shapes.Count)) return new ExplanationBasis { Background = background };
            var effects = new double[shapes.Count];
            foreach (var x in features) for (var j = 0; j < effects.Length; j++) effects[j] += shapes[j].Effect(x[j]);
            for (var j = 0; j < effects.Length; j++) effects[j] /= Math.Max(1, features.Length);
            return new ExplanationBasis { Background = background, EffectMeans = effects };
        }
        var means = new double[parameters.Weights!.Length];
        foreach (var x in features) for (var j = 0; j < means.Length; j++) means[j] += x[j];
        for (var j = 0; j < means.Length; j++) means[j] /= Math.Max(1, features.Length);
        return new ExplanationBasis { Background = background, FeatureMeans = means };
    }

    private static IReadOnlyList<FeatureRow> Sample(IReadOnlyList<FeatureRow> rows, int count, Random random)
    {
        if (rows.Count <= count) return rows;
        var picked = new FeatureRow[count];
        // Reservoir sampling: one pass, every row equally likely, the same rows for the same seed.
        for (var i = 0; i < rows.Count; i++)
        {
            if (i < count) picked[i] = rows[i];
            else if (random.Next(i + 1) is var j && j < count) picked[j] = rows[i];
        }
        return picked;
    }
}
