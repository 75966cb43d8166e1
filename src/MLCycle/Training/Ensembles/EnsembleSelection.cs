namespace MLCycle.Training.Ensembles;

/// <summary>
/// Greedy forward selection with replacement (Caruana et al., 2004, "Ensemble selection from libraries of models"): start
/// from the best single model and, step after step, add the model (again, if it helps most) whose addition scores best;
/// a model's weight is the share of steps that chose it. It sees only what <c>score</c> shows it, the out-of-fold
/// predictions, so the weights never learn from the test rows.
/// </summary>
internal static class EnsembleSelection
{
    /// <summary>Steps at most; with K members the weights are multiples of 1/steps.</summary>
    public const int MaximumSteps = 20;

    /// <summary>
    /// Weights for <paramref name="members"/> models (summing to one); <paramref name="score"/> scores a blend by its weights,
    /// higher or lower better by <paramref name="higherIsBetter"/>. Stops early when no addition improves the blend.
    /// </summary>
    public static double[] Select(int members, Func<double[], double> score, bool higherIsBetter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        var counts = new int[members];
        var best = double.NaN;
        for (var step = 0; step < MaximumSteps; step++)
        {
            var chosen = -1;
            var chosenScore = double.NaN;
            for (var m = 0; m < members; m++)
            {
                counts[m]++;
                var s = score(Weights(counts));
                counts[m]--;
                if (Better(s, chosenScore, higherIsBetter)) (chosen, chosenScore) = (m, s);
            }
            // The first step always picks the best single model; later steps only when the blend improves.
            if (chosen < 0 || step > 0 && !Better(chosenScore, best, higherIsBetter)) break;
            counts[chosen]++;
            best = chosenScore;
        }
        return Weights(counts);
    }

    private static double[] Weights(int[] counts)
    {
        var total = counts.Sum();
        return Array.ConvertAll(counts, c => total == 0 ? 0 : (double)c / total);
    }

    private static bool Better(double score, double than, bool higherIsBetter) =>
        !double.IsNaN(score) && (double.IsNaN(than) || (higherIsBetter ? score > than : score < than));
}
