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
/// Sixteen rows walk a tree side by side (ADR 0079): a step is three loads that wait on each other (the node, the row's value,
/// the child), so one row at a time waits on memory, and sixteen keep the loads busy (2.3 times four rows' speed).
/// </summary>
internal sealed class CompiledTrees
{
    // The rows a tree walks side by side.
    private const int Lanes = 16;

    // Node n reads its Feature and goes to its Left child when the value is at most its Threshold, else to its Right. A leaf is a
    // node whose children are itself and whose _value is the leaf's: walking a tree is then exactly _depth[t] steps for every row,
    // with no branch that depends on the data, and many rows can walk side by side. A node's four fields share 16 bytes, so a
    // step reads one cache line for all of them instead of one line from each of three arrays.
    private readonly Node[] _nodes;
    private readonly double[] _value;
    private readonly int[] _root;
    private readonly int[] _depth;
    private readonly (int Feature, float Threshold)[] _splits;

    private CompiledTrees(Builder built, int featureCount)
    {
        _nodes = [.. built.Nodes];
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
    /// <summary>Rows of <paramref name="features"/> (<see cref="FeatureCount"/> each) added to <paramref name="sums"/> in blocks of
    /// <see cref="TreeEnginePool.Block"/> rows, as serving walks them, none skipped (the load-time check and the bench).</summary>
    internal void SumInBlocks(ReadOnlySpan<float> features, Span<double> sums)
    {
        var width = FeatureCount;
        Span<bool> none = stackalloc bool[TreeEnginePool.Block];
        for (var from = 0; from < sums.Length; from += TreeEnginePool.Block)
        {
            var count = Math.Min(TreeEnginePool.Block, sums.Length - from);
            Sum(features.Slice(from * width, count * width), sums.Slice(from, count), none[..count]);
        }
    }

    public void Sum(ReadOnlySpan<float> features, Span<double> sums, ReadOnlySpan<bool> skip)
    {
        var width = FeatureCount;
        var rows = sums.Length;
        ref var x = ref MemoryMarshal.GetReference(features);
        ref var nodes = ref _nodes[0];
        for (var t = 0; t < _root.Length; t++)
        {
            var root = _root[t];
            var depth = _depth[t];
            var r = 0;
            for (; r + Lanes <= rows; r += Lanes)
            {
                // Sixteen named locals, not a span: the JIT keeps most of them in registers, where a span's slots would be stored
                // and loaded again at every step, on the path each step waits on.
                int n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
                int n8 = root, n9 = root, n10 = root, n11 = root, n12 = root, n13 = root, n14 = root, n15 = root;
                ref var row = ref Unsafe.Add(ref x, r * width);
                for (var step = 0; step < depth; step++)
                {
                    n0 = Step(ref nodes, ref row, n0);
                    n1 = Step(ref nodes, ref Unsafe.Add(ref row, width), n1);
                    n2 = Step(ref nodes, ref Unsafe.Add(ref row, 2 * width), n2);
                    n3 = Step(ref nodes, ref Unsafe.Add(ref row, 3 * width), n3);
                    n4 = Step(ref nodes, ref Unsafe.Add(ref row, 4 * width), n4);
                    n5 = Step(ref nodes, ref Unsafe.Add(ref row, 5 * width), n5);
                    n6 = Step(ref nodes, ref Unsafe.Add(ref row, 6 * width), n6);
                    n7 = Step(ref nodes, ref Unsafe.Add(ref row, 7 * width), n7);
                    n8 = Step(ref nodes, ref Unsafe.Add(ref row, 8 * width), n8);
                    n9 = Step(ref nodes, ref Unsafe.Add(ref row, 9 * width), n9);
                    n10 = Step(ref nodes, ref Unsafe.Add(ref row, 10 * width), n10);
                    n11 = Step(ref nodes, ref Unsafe.Add(ref row, 11 * width), n11);
                    n12 = Step(ref nodes, ref Unsafe.Add(ref row, 12 * width), n12);
                    n13 = Step(ref nodes, ref Unsafe.Add(ref row, 13 * width), n13);
                    n14 = Step(ref nodes, ref Unsafe.Add(ref row, 14 * width), n14);
                    n15 = Step(ref nodes, ref Unsafe.Add(ref row, 15 * width), n15);
                }
                Add(sums, skip, r, n0, n1, n2, n3, n4, n5, n6, n7);
                Add(sums, skip, r + 8, n8, n9, n10, n11, n12, n13, n14, n15);
            }
            for (; r < rows; r++)
            {
                var n = root;
                ref var row = ref Unsafe.Add(ref x, r * width);
                for (var step = 0; step < depth; step++) n = Step(ref nodes, ref row, n);
                if (!skip[r]) sums[r] += _value[n];
            }
        }
    }

    // Adds the leaves eight rows reached, from row `from` on, to the sums of those not skipped.
    private void Add(Span<double> sums, ReadOnlySpan<bool> skip, int from, int n0, int n1, int n2, int n3, int n4, int n5, int n6, int n7)
    {
        var value = _value;
        if (!skip[from]) sums[from] += value[n0];
        if (!skip[from + 1]) sums[from + 1] += value[n1];
        if (!skip[from + 2]) sums[from + 2] += value[n2];
        if (!skip[from + 3]) sums[from + 3] += value[n3];
        if (!skip[from + 4]) sums[from + 4] += value[n4];
        if (!skip[from + 5]) sums[from + 5] += value[n5];
        if (!skip[from + 6]) sums[from + 6] += value[n6];
        if (!skip[from + 7]) sums[from + 7] += value[n7];
    }

    // One split: the node's right child (the field after Left) when the row's value is above the threshold, else its left; no
    // branch, so a row's data never costs a mispredicted jump.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref Node nodes, ref float row, int at)
    {
        ref var node = ref Unsafe.Add(ref nodes, at);
        var right = Unsafe.Add(ref row, node.Feature) > node.Threshold;
        return Unsafe.Add(ref node.Left, Unsafe.BitCast<bool, byte>(right));
    }

    // Right must follow Left: a step reads it as the int after Left.
    [StructLayout(LayoutKind.Sequential)]
    private struct Node(int feature, float threshold, int left, int right)
    {
        public int Feature = feature;
        public float Threshold = threshold;
        public int Left = left;
        public int Right = right;
    }

    // Lays trees out one after another: a tree's split nodes keep ML.NET's numbering after the tree's first index, its leaves follow.
    private sealed class Builder
    {
        public List<Node> Nodes { get; } = [];
        public List<double> Value { get; } = [];
        public List<int> Root { get; } = [];
        public List<int> Depth { get; } = [];
        public List<(int, float)> Splits { get; } = [];

        public void Add(RegressionTreeBase tree)
        {
            var first = Nodes.Count;
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
            Nodes.Add(new Node(feature, threshold, left, right));
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
