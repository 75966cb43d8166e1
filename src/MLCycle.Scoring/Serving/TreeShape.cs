using Microsoft.ML.Trainers.FastTree;

namespace MLCycle.Serving;

/// <summary>
/// Checks that a loaded tree is a tree before anything walks it. ML.NET's loader checks its arrays' lengths only, so an edited
/// package can carry a child index past the arrays, a node reached twice (a loop: ML.NET's walk never ends) or a split on a
/// feature past the vector (ML.NET scores it without an error, reading a feature the model does not have): each one fails, hangs or
/// scores wrongly at request time, in ML.NET's engines as in <see cref="CompiledTrees"/>, whose walk does not check bounds. Such a package is refused when it loads.
/// </summary>
internal static class TreeShape
{
    /// <summary>Throws <see cref="ErrorKind.Tampered"/> naming tree <paramref name="index"/>'s first fault.</summary>
    public static void Check(RegressionTreeBase tree, int index, int featureCount)
    {
        var nodes = tree.NumberOfNodes;
        if (nodes == 0) return;
        if (tree.NumberOfLeaves != nodes + 1 || tree.LeafValues.Count < tree.NumberOfLeaves || tree.LeftChild.Count < nodes
            || tree.RightChild.Count < nodes || tree.NumericalSplitFeatureIndexes.Count < nodes || tree.NumericalSplitThresholds.Count < nodes)
        {
            throw Malformed(index, $"{nodes} splits and {tree.NumberOfLeaves} leaves do not make a binary tree of its arrays");
        }
        var seenNodes = new bool[nodes];
        var seenLeaves = new bool[nodes + 1];
        var pending = new Stack<int>();
        pending.Push(0);
        seenNodes[0] = true;
        while (pending.Count > 0)
        {
            var n = pending.Pop();
            var feature = tree.NumericalSplitFeatureIndexes[n];
            if (!tree.CategoricalSplitFlags[n] && (feature < 0 || feature >= featureCount))
                throw Malformed(index, $"node {n} splits on feature {feature}, outside the {featureCount} features the model reads");
            foreach (var child in new[] { tree.LeftChild[n], tree.RightChild[n] })
            {
                if (child >= 0)
                {
                    if (child >= nodes || seenNodes[child]) throw Malformed(index, $"node {n} has child node {child}, which is {(child >= nodes ? "past its last node" : "reached twice (a loop)")}");
                    seenNodes[child] = true;
                    pending.Push(child);
                }
                else
                {
                    var leaf = ~child;
                    if (leaf > nodes || seenLeaves[leaf]) throw Malformed(index, $"node {n} has leaf {leaf}, which is {(leaf > nodes ? "past its last leaf" : "reached twice")}");
                    seenLeaves[leaf] = true;
                }
            }
        }
    }

    private static MLCycleException Malformed(int tree, string what) =>
        new(ErrorKind.Tampered, $"The model's tree ensemble is malformed: tree {tree}: {what}; ML.NET would fail, never finish or read a feature that does not exist at request time, so the package is refused.");
}
