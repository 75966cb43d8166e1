namespace MLCycle.Evaluation.Explanations;

/// <summary>
/// Path-dependent TreeSHAP (Lundberg, Erion and Lee 2018, Algorithm 2): the exact Shapley values of one tree's output for
/// one row, where a feature left out follows the training rows down both branches in proportion to their cover. The values
/// sum to the tree's output minus its expected output (<see cref="ShapTree.Expected"/>).
/// </summary>
internal static class TreeShap
{
    internal struct PathElement
    {
        public int Feature;
        public double Zero;
        public double One;
        public double Weight;
    }

    /// <summary>Adds the tree's weighted contributions for <paramref name="x"/> to <paramref name="phi"/> (one entry per feature slot).</summary>
    public static void Add(ShapTree tree, ReadOnlySpan<float> x, Span<double> phi) => Add(tree, x, phi, new Workspace(tree.Depth));

    /// <summary>As <see cref="Add(ShapTree, ReadOnlySpan{float}, Span{double})"/>, reusing <paramref name="workspace"/> (made for trees at least as deep).</summary>
    public static void Add(ShapTree tree, ReadOnlySpan<float> x, Span<double> phi, Workspace workspace)
    {
        // A single leaf is the same for every row: it is all base value.
        if (tree.Left.Length == 0) return;
        if (workspace.Depth < tree.Depth) throw new ArgumentException($"the workspace is for depth {workspace.Depth}, the tree is {tree.Depth} deep", nameof(workspace));
        Recurse(tree, x, phi, 0, workspace.Buffer, 0, 0, 1, 1, -1);
    }

    /// <summary>The path buffer for trees up to <see cref="Depth"/> deep, so explaining a row allocates it once, not once per tree.</summary>
    public sealed class Workspace(int depth)
    {
        public int Depth { get; } = depth;
        internal PathElement[] Buffer { get; } = new PathElement[(depth + 3) * (depth + 4) / 2 + 1];
    }

    // The path of a call is copied to just after its parent's, so no call allocates; unique features on the path, each with
    // the share of cover that goes its way when it is left out (Zero) and whether the row goes its way (One).
    private static void Recurse(ShapTree tree, ReadOnlySpan<float> x, Span<double> phi, int node, PathElement[] buffer, int parentStart,
        int depth, double zero, double one, int feature)
    {
        var start = parentStart + depth + 1;
        Array.Copy(buffer, parentStart, buffer, start, depth + 1);
        var path = buffer.AsSpan(start);
        Extend(path, depth, zero, one, feature);
        if (node < 0)
        {
            var value = tree.Weight * tree.Leaf[~node];
            for (var i = 1; i <= depth; i++)
            {
                var w = UnwoundSum(path, depth, i);
                phi[path[i].Feature] += w * (path[i].One - path[i].Zero) * value;
            }
            return;
        }
        var split = tree.Feature[node];
        var goesLeft = x[split] <= tree.Threshold[node];
        var hot = goesLeft ? tree.Left[node] : tree.Right[node];
        var cold = goesLeft ? tree.Right[node] : tree.Left[node];
        var cover = tree.NodeCover[node];
        double incomingZero = 1, incomingOne = 1;
        var k = 0;
        while (k <= depth && path[k].Feature != split) k++;
        // A feature already on the path is split again: its earlier element is taken out and its fractions carried on.
        if (k <= depth)
        {
            incomingZero = path[k].Zero;
            incomingOne = path[k].One;
            Unwind(path, depth, k);
            depth--;
        }
        Recurse(tree, x, phi, hot, buffer, start, depth + 1, tree.CoverOf(hot) / cover * incomingZero, incomingOne, split);
        Recurse(tree, x, phi, cold, buffer, start, depth + 1, tree.CoverOf(cold) / cover * incomingZero, 0, split);
    }

    private static void Extend(Span<PathElement> path, int depth, double zero, double one, int feature)
    {
        path[depth] = new PathElement { Feature = feature, Zero = zero, One = one, Weight = depth == 0 ? 1 : 0 };
        for (var i = depth - 1; i >= 0; i--)
        {
            path[i + 1].Weight += one * path[i].Weight * (i + 1) / (depth + 1);
            path[i].Weight = zero * path[i].Weight * (depth - i) / (depth + 1);
        }
    }

    private static void Unwind(Span<PathElement> path, int depth, int index)
    {
        var one = path[index].One;
        var zero = path[index].Zero;
        var next = path[depth].Weight;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var previous = path[i].Weight;
                path[i].Weight = next * (depth + 1) / ((i + 1) * one);
                next = previous - path[i].Weight * zero * (depth - i) / (depth + 1);
            }
            else path[i].Weight = path[i].Weight * (depth + 1) / (zero * (depth - i));
        }
        for (var i = index; i < depth; i++)
        {
            path[i].Feature = path[i + 1].Feature;
            path[i].Zero = path[i + 1].Zero;
            path[i].One = path[i + 1].One;
        }
    }

    // The total weight of the path with element `index` taken out, without changing the path.
    private static double UnwoundSum(ReadOnlySpan<PathElement> path, int depth, int index)
    {
        var one = path[index].One;
        var zero = path[index].Zero;
        var next = path[depth].Weight;
        var total = 0.0;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var share = next / ((i + 1) * one);
                total += share;
                next = path[i].Weight - share * zero * (depth - i);
            }
            else total += path[i].Weight / (zero * (depth - i));
        }
        return total * (depth + 1);
    }
}
