using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.Trainers.FastTree;

namespace MLCycle.Serving;

/// <summary>
/// The trees of an ML.NET tree ensemble (LightGBM, FastTree) copied into flat arrays and walked a block of rows at a time,
/// tree by tree, so one tree's nodes stay in cache while every row of the block goes down it. The arithmetic is ML.NET's
/// own (<c>InternalTreeEnsemble.GetOutput</c>): a row goes left when its value is at most the split's threshold, and the
/// leaves are summed as doubles in tree order, so the sum is the same double ML.NET computes. Only numeric splits are
/// taken; a row with a missing (NaN) feature is left to ML.NET, whose trees may send missing values a learnt way.
/// </summary>
internal sealed class CompiledTrees
{
    // Node n reads _feature[n] and goes to _child[2n] when the value is at most _threshold[n], else to _child[2n + 1]. A leaf is a
    // node whose children are itself and whose _value is the leaf's: walking a tree is then exactly _depth[t] steps for every row,
    // with no branch that depends on the data, and four rows can walk side by side.
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly int[] _child;
    private readonly double[] _value;
    private readonly int[] _root;
    private readonly int[] _depth;
    private readonly (int Feature, float Threshold)[] _splits;

    private CompiledTrees(Builder built, int featureCount)
    {
        _feature = [.. built.Feature];
        _threshold = [.. built.Threshold];
        _child = [.. built.Child];
        _value = [.. built.Value];
        _root = [.. built.Root];
        _depth = [.. built.Depth];
        _splits = [.. built.Splits];
        FeatureCount = featureCount;
    }

    /// <summary>The length of the feature vectors the trees read.</summary>
    public int FeatureCount { get; }

    /// <summary>The number of trees.</summary>
    public int TreeCount => _root.Length;

    /// <summary>
    /// Copies the ensemble's trees, or returns null when a tree uses a split this walker does not take (categorical, or a NaN
    /// threshold, which ML.NET's "at most" sends right and this walk's "above" would send left) or there is no tree (ML.NET's
    /// engines answer). A tree that is not a tree is refused as tampered (<see cref="TreeShape"/>).
    /// </summary>
    public static CompiledTrees? From<TTree>(TreeEnsemble<TTree> ensemble, int featureCount) where TTree : RegressionTreeBase
    {
        if (ensemble.Trees.Count == 0) return null;
        var built = new Builder();
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            TreeShape.Check(tree, t, featureCount);
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                if (tree.CategoricalSplitFlags[n] || float.IsNaN(tree.NumericalSplitThresholds[n])) return null;
            }
            built.Add(tree);
        }
        return new CompiledTrees(built, featureCount);
    }

    /// <summary>Every split as the feature it reads and its threshold.</summary>
    public IEnumerable<(int Feature, float Threshold)> Splits() => _splits;

    /// <summary>
    /// Adds every tree's leaf to <paramref name="sums"/>[r] for each row r of the block (row r's features at
    /// r × <see cref="FeatureCount"/> in <paramref name="features"/>), tree after tree as ML.NET adds them. Rows whose
    /// <paramref name="skip"/> is set are walked too (their features must not be NaN) but their sums are not changed.
    /// </summary>
    public void Sum(ReadOnlySpan<float> features, Span<double> sums, ReadOnlySpan<bool> skip)
    {
        var width = FeatureCount;
        var rows = sums.Length;
        ref var x = ref MemoryMarshal.GetReference(features);
        ref var feature = ref _feature[0];
        ref var threshold = ref _threshold[0];
        ref var child = ref _child[0];
        for (var t = 0; t < _root.Length; t++)
        {
            var root = _root[t];
            var depth = _depth[t];
            var r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                int n0 = root, n1 = root, n2 = root, n3 = root;
                ref var x0 = ref Unsafe.Add(ref x, r * width);
                ref var x1 = ref Unsafe.Add(ref x0, width);
                ref var x2 = ref Unsafe.Add(ref x1, width);
                ref var x3 = ref Unsafe.Add(ref x2, width);
                for (var step = 0; step < depth; step++)
                {
                    n0 = Step(ref child, ref feature, ref threshold, ref x0, n0);
                    n1 = Step(ref child, ref feature, ref threshold, ref x1, n1);
                    n2 = Step(ref child, ref feature, ref threshold, ref x2, n2);
                    n3 = Step(ref child, ref feature, ref threshold, ref x3, n3);
                }
                if (!skip[r]) sums[r] += _value[n0];
                if (!skip[r + 1]) sums[r + 1] += _value[n1];
                if (!skip[r + 2]) sums[r + 2] += _value[n2];
                if (!skip[r + 3]) sums[r + 3] += _value[n3];
            }
            for (; r < rows; r++)
            {
                var n = root;
                ref var xr = ref Unsafe.Add(ref x, r * width);
                for (var step = 0; step < depth; step++) n = Step(ref child, ref feature, ref threshold, ref xr, n);
                if (!skip[r]) sums[r] += _value[n];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref int child, ref int feature, ref float threshold, ref float row, int node)
    {
        var right = Unsafe.Add(ref row, Unsafe.Add(ref feature, node)) > Unsafe.Add(ref threshold, node);
        return Unsafe.Add(ref child, 2 * node + Unsafe.BitCast<bool, byte>(right));
    }

    // Lays trees out one after another: a tree's split nodes keep ML.NET's numbering after the tree's first index, its leaves follow.
    private sealed class Builder
    {
        public List<int> Feature { get; } = [];
        public List<float> Threshold { get; } = [];
        public List<int> Child { get; } = [];
        public List<double> Value { get; } = [];
        public List<int> Root { get; } = [];
        public List<int> Depth { get; } = [];
        public List<(int, float)> Splits { get; } = [];

        public void Add(RegressionTreeBase tree)
        {
            var first = Feature.Count;
            Root.Add(first);
            if (tree.NumberOfNodes == 0)
            {
                // ML.NET scores a tree that never split as 0, whatever its one leaf holds.
                AddNode(0, float.PositiveInfinity, first, first, 0);
                Depth.Add(0);
                return;
            }
            var leaves = first + tree.NumberOfNodes;
            int Index(int child) => child >= 0 ? first + child : leaves + ~child;
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                AddNode(tree.NumericalSplitFeatureIndexes[n], tree.NumericalSplitThresholds[n], Index(tree.LeftChild[n]), Index(tree.RightChild[n]), 0);
                Splits.Add((tree.NumericalSplitFeatureIndexes[n], tree.NumericalSplitThresholds[n]));
            }
            for (var l = 0; l < tree.NumberOfLeaves; l++) AddNode(0, float.PositiveInfinity, leaves + l, leaves + l, tree.LeafValues[l]);
            Depth.Add(DepthOf(tree, 0));
        }

        private void AddNode(int feature, float threshold, int left, int right, double value)
        {
            Feature.Add(feature);
            Threshold.Add(threshold);
            Child.Add(left);
            Child.Add(right);
            Value.Add(value);
        }

        // The most splits from the root to a leaf; the walk takes this many steps, leaves reached early stay put.
        private static int DepthOf(RegressionTreeBase tree, int node)
        {
            var deepest = 0;
            var pending = new Stack<(int Node, int Depth)>();
            pending.Push((node, 0));
            while (pending.Count > 0)
            {
                var (n, d) = pending.Pop();
                if (n < 0)
                {
                    deepest = Math.Max(deepest, d);
                    continue;
                }
                pending.Push((tree.LeftChild[n], d + 1));
                pending.Push((tree.RightChild[n], d + 1));
            }
            return deepest;
        }
    }
}
