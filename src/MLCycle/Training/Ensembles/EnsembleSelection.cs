namespace MLCycle.Training.Ensembles;

/// <summary>
/// Greedy forward selection with replacement (Caruana et al., 2004, "Ensemble selection from libraries of models"): start
/// from the best single model and, step after step, add the model (again, if that helps most) whose addition scores best,
/// even when no addition improves, so a plateau does not end the search; the blend kept is the best-scoring one met on
/// the way, and a model's weight is its share of that blend's steps. It sees only what <c>score</c> shows it, the
/// out-of-fold predictions, so the weights never learn from the test rows.
/// </summary>
internal static class EnsembleSelection
{
    /// <summary>Steps taken; the weights are multiples of 1/steps at the finest.</summary>
    public const int MaximumSteps = 20;

    /// <summary>
    /// Weights for <paramref name="members"/> models (summing to one); <paramref name="score"/> scores a blend by its weights,
    /// higher or lower better by <paramref name="higherIsBetter"/>. A single model wins ties, so a blend is kept only when it
    /// scores strictly better than every smaller one met before it.
    /// </summary>
    public static double[] Select(int members, Func<double[], double> score, bool higherIsBetter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        var counts = new int[members];
        var best = (int[])counts.Clone();
        var bestScore = double.NaN;
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
            if (chosen < 0) break;
            counts[chosen]++;
            if (Better(chosenScore, bestScore, higherIsBetter)) (best, bestScore) = ((int[])counts.Clone(), chosenScore);
        }
        return Weights(best);
    }

    private static double[] Weights(int[] counts)
    {
        var total = counts.Sum();
        return Array.ConvertAll(counts, c => total == 0 ? 0 : (double)c / total);
    }

    private static bool Better(double score, double than, bool higherIsBetter) =>
        !double.IsNaN(score) && (double.IsNaN(than) || (higherIsBetter ? score > than : score < than));
}
