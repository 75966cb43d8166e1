using Microsoft.ML.Trainers.FastTree;

namespace MLCycle.Evaluation.Explanations;

/// <summary>
/// One regression tree of an ML.NET ensemble with the training cover of every node, as path-dependent TreeSHAP needs it.
/// A child index below zero is leaf <c>~index</c>, as in ML.NET's RegressionTree; a row goes left when its feature is at most the threshold.
/// </summary>
internal sealed class ShapTree
{
    // A leaf no training row reached still needs a positive cover, or the path weights divide by zero; any positive
    // cover keeps the contributions exactly additive, and this one barely moves them.
    private const double EmptyLeafCover = 1e-3;

    private ShapTree(RegressionTreeBase tree, double weight, double[] leafCovers)
    {
        Left = [.. tree.LeftChild];
        Right = [.. tree.RightChild];
        Feature = [.. tree.NumericalSplitFeatureIndexes];
        Threshold = [.. tree.NumericalSplitThresholds];
        Leaf = [.. tree.LeafValues];
        Weight = weight;
        LeafCover = leafCovers.Select(c => c > 0 ? c : EmptyLeafCover).ToArray();
        NodeCover = new double[Left.Length];
        if (Left.Length > 0) Cover(0);
        Depth = Left.Length == 0 ? 0 : DepthOf(0);
        var root = Left.Length == 0 ? LeafCover[0] : NodeCover[0];
        Expected = Weight * LeafCover.Select((c, l) => c * Leaf[l]).Sum() / root;
    }

    public int[] Left { get; }
    public int[] Right { get; }
    public int[] Feature { get; }
    public float[] Threshold { get; }
    public double[] Leaf { get; }
    public double[] LeafCover { get; }
    public double[] NodeCover { get; }
    /// <summary>The factor the ensemble applies to this tree's output.</summary>
    public double Weight { get; }
    /// <summary>Internal nodes on the longest root-to-leaf path.</summary>
    public int Depth { get; }
    /// <summary>The weighted output averaged over the training rows (by cover): this tree's part of the base value.</summary>
    public double Expected { get; }

    /// <summary>A tree with its leaf covers; null when it has categorical splits, which these explanations do not read.</summary>
    public static ShapTree? Create(RegressionTreeBase tree, double weight, double[] leafCovers)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (leafCovers.Length != tree.NumberOfLeaves) throw new InvalidDataException($"a tree has {tree.NumberOfLeaves} leaves but {leafCovers.Length} covers are stored for it");
        return tree.CategoricalSplitFlags.Any(f => f) ? null : new ShapTree(tree, weight, leafCovers);
    }

    /// <summary>Counts the rows that reach each leaf of <paramref name="tree"/>.</summary>
    public static double[] CountLeaves(RegressionTreeBase tree, IEnumerable<float[]> rows)
    {
        var counts = new double[tree.NumberOfLeaves];
        var left = tree.LeftChild;
        var right = tree.RightChild;
        var feature = tree.NumericalSplitFeatureIndexes;
        var threshold = tree.NumericalSplitThresholds;
        foreach (var x in rows)
        {
            var node = left.Count == 0 ? ~0 : 0;
            while (node >= 0) node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
            counts[~node]++;
        }
        return counts;
    }

    /// <summary>The leaf a feature vector falls into.</summary>
    public int LeafOf(ReadOnlySpan<float> x)
    {
        var node = Left.Length == 0 ? ~0 : 0;
        while (node >= 0) node = x[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        return ~node;
    }

    /// <summary>The cover of a node or (below zero) a leaf.</summary>
    public double CoverOf(int node) => node >= 0 ? NodeCover[node] : LeafCover[~node];

    private double Cover(int node) =>
        NodeCover[node] = (Left[node] >= 0 ? Cover(Left[node]) : LeafCover[~Left[node]]) + (Right[node] >= 0 ? Cover(Right[node]) : LeafCover[~Right[node]]);

    private int DepthOf(int node) =>
        1 + Math.Max(Left[node] >= 0 ? DepthOf(Left[node]) : 0, Right[node] >= 0 ? DepthOf(Right[node]) : 0);
}
