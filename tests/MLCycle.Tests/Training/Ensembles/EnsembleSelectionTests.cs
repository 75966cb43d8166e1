using MLCycle.Training.Ensembles;

namespace MLCycle.Tests.Training.Ensembles;

/// <summary>Greedy forward selection with replacement on hand-made out-of-fold values, where the best blend is known.</summary>
public sealed class EnsembleSelectionTests
{
    private static readonly double[] Truth = [10, 20, 30, 40, 50, 60];

    // Root mean squared error of the blend of the given members' predictions.
    private static Func<double[], double> Rmse(params double[][] members) => weights =>
        Math.Sqrt(Truth.Select((t, r) => Math.Pow(members.Select((m, i) => weights[i] * m[r]).Sum() - t, 2)).Average());

    [Fact]
    public void Select_membersWithOppositeErrors_weighsThemEqually()
    {
        double[] over = Truth.Select(t => t + 4).ToArray(), under = Truth.Select(t => t - 4).ToArray();

        var weights = EnsembleSelection.Select(2, Rmse(over, under), higherIsBetter: false);

        // Half and half cancels the errors exactly; no other multiple of 1/20 does.
        Assert.Equal([0.5, 0.5], weights);
    }

    [Fact]
    public void Select_oneMemberExact_keepsItAlone()
    {
        double[] noisy = Truth.Select((t, r) => t + (r % 2 == 0 ? 5 : -3)).ToArray();

        var weights = EnsembleSelection.Select(3, Rmse(noisy, Truth, noisy.Select(v => v * 1.1).ToArray()), higherIsBetter: false);

        Assert.Equal([0.0, 1.0, 0.0], weights);
    }

    [Fact]
    public void Select_unevenErrors_givesTheBetterMemberMoreWeightAndSumsToOne()
    {
        // A is off by +1, B by -3: the blend is exact at 3/4 A, 1/4 B, which 20 steps can reach.
        double[] a = Truth.Select(t => t + 1).ToArray(), b = Truth.Select(t => t - 3).ToArray();

        var weights = EnsembleSelection.Select(2, Rmse(a, b), higherIsBetter: false);

        Assert.Equal(0.75, weights[0], 10);
        Assert.Equal(0.25, weights[1], 10);
        Assert.Equal(1.0, weights.Sum(), 10);
    }

    [Fact]
    public void Select_higherIsBetter_maximisesTheScore()
    {
        // A score that peaks when member 1 holds a third of the weight.
        var weights = EnsembleSelection.Select(2, w => -Math.Abs(w[1] - 1.0 / 3), higherIsBetter: true);

        Assert.InRange(weights[1], 0.3, 0.36);
    }
}
