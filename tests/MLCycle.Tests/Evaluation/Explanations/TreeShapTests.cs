using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Evaluation.Explanations;
using MLCycle.Preparation;
using MLCycle.Tests.Training;
using MLCycle.Training;

namespace MLCycle.Tests.Evaluation.Explanations;

/// <summary>TreeSHAP against the Shapley values computed by their definition, over every subset of feature slots.</summary>
public class TreeShapTests
{
    [Fact]
    public void Add_trained_trees_equal_brute_force_shapley_values()
    {
        var outcome = new ModelTrainer().Train(new TrainingRequest
        {
            Data = SyntheticTables.Create(300, "regression"), Target = "label", Task = TaskKind.Regression, Algorithms = ["fasttree"], Folds = 2,
        });
        var model = outcome.Model;
        var parameters = ScoringParameters.Read(model.Transformer, model.Task)!;
        var basis = ExplanationBasis.Create(model, model.TrainingRows!);
        var trees = parameters.Trees!.Select((t, i) => ShapTree.Create(t.Tree, t.Weight, basis.LeafCovers![i])!).Take(10).ToArray();
        var rows = new FeatureEncoder(model.Layout).Encode(outcome.TestSet).Take(5).ToArray();
        var features = model.Transformer.Transform(model.Context.Data.LoadFromEnumerable(rows, model.Layout.CreateSchema()))
            .GetColumn<float[]>(PreparationChain.FeaturesColumn).ToArray();

        foreach (var x in features)
        {
            var phi = new double[x.Length];
            foreach (var tree in trees) TreeShap.Add(tree, x, phi);
            var expected = new double[x.Length];
            foreach (var tree in trees) BruteForce(tree, x, expected);
            for (var j = 0; j < x.Length; j++) Assert.Equal(expected[j], phi[j], 9);
        }
    }

    // φ_j = Σ over subsets S without j of |S|!(n−|S|−1)!/n! · (E[f | x_S∪{j}] − E[f | x_S]), where E[f | x_S] follows x on the
    // features in S and both branches in proportion to their cover elsewhere.
    private static void BruteForce(ShapTree tree, float[] x, double[] phi)
    {
        var n = x.Length;
        var factorial = new double[n + 1];
        factorial[0] = 1;
        for (var i = 1; i <= n; i++) factorial[i] = factorial[i - 1] * i;
        for (var mask = 0; mask < 1 << n; mask++)
        {
            var size = System.Numerics.BitOperations.PopCount((uint)mask);
            var without = Expected(tree, x, mask, tree.Left.Length == 0 ? -1 : 0);
            for (var j = 0; j < n; j++)
            {
                if ((mask & (1 << j)) != 0) continue;
                var weight = factorial[size] * factorial[n - size - 1] / factorial[n];
                phi[j] += weight * (Expected(tree, x, mask | (1 << j), tree.Left.Length == 0 ? -1 : 0) - without);
            }
        }
    }

    private static double Expected(ShapTree tree, float[] x, int known, int node)
    {
        if (node < 0) return tree.Weight * tree.Leaf[~node];
        var feature = tree.Feature[node];
        if ((known & (1 << feature)) != 0) return Expected(tree, x, known, x[feature] <= tree.Threshold[node] ? tree.Left[node] : tree.Right[node]);
        var left = tree.CoverOf(tree.Left[node]);
        var right = tree.CoverOf(tree.Right[node]);
        return (left * Expected(tree, x, known, tree.Left[node]) + right * Expected(tree, x, known, tree.Right[node])) / (left + right);
    }
}
