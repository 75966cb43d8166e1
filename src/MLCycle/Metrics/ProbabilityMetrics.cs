namespace MLCycle.Metrics;

/// <summary>The metrics of class probabilities, as scikit-learn 1.2 computes them: log loss, Brier score, one-vs-rest ROC-AUC.</summary>
internal static class ProbabilityMetrics
{
    // sklearn 1.2's log_loss default eps="auto": numpy.finfo(float64).eps (1.1 and earlier clipped at 1e-15).
    private const double Eps = 2.220446049250313e-16;

    /// <summary>
    /// Weighted mean of -log p(actual class), each row's probabilities clipped to [eps, 1 - eps] and then divided by their sum,
    /// as sklearn does so that a row that does not sum to 1 is read as proportions.
    /// </summary>
    public static double LogLoss(ClassificationInput input)
    {
        var probabilities = input.Probabilities!;
        double loss = 0, total = 0;
        for (int i = 0; i < input.Actual.Count; i++)
        {
            var row = probabilities[i];
            double sum = 0;
            foreach (var p in row) sum += Math.Clamp(p, Eps, 1 - Eps);
            double w = input.Weight(i);
            loss -= w * Math.Log(Math.Clamp(row[input.Actual[i]], Eps, 1 - Eps) / sum);
            total += w;
        }
        return loss / total;
    }

    /// <summary>Weighted mean squared difference between the positive class's probability and the 0/1 outcome.</summary>
    public static double Brier(ClassificationInput input, int positive)
    {
        var probabilities = input.Probabilities!;
        double loss = 0, total = 0;
        for (int i = 0; i < input.Actual.Count; i++)
        {
            double error = (input.Actual[i] == positive ? 1 : 0) - probabilities[i][positive];
            double w = input.Weight(i);
            loss += w * error * error;
            total += w;
        }
        return loss / total;
    }

    /// <summary>
    /// One-vs-rest ROC-AUC, macro (plain mean over classes) and weighted (by each class's weighted support), or null with the
    /// reason when sklearn refuses: probabilities that do not sum to 1, or a class with no actual rows (or only actual rows).
    /// </summary>
    public static (double Macro, double Weighted)? OneVsRestAuc(ClassificationInput input, out string? why)
    {
        var probabilities = input.Probabilities!;
        for (int i = 0; i < probabilities.Count; i++)
        {
            double sum = probabilities[i].Sum();
            // numpy.allclose(1, sum): sklearn's check that the scores are probabilities.
            if (!(Math.Abs(sum - 1) <= 1e-8 + 1e-5 * Math.Abs(sum)))
            {
                why = $"one-vs-rest ROC-AUC needs each row's class probabilities to sum to 1; row {i + 1} sums to {sum}";
                return null;
            }
        }
        int k = input.Classes.Count;
        double macro = 0, weighted = 0, supportTotal = 0;
        for (int c = 0; c < k; c++)
        {
            var isClass = input.Actual.Select(a => a == c).ToArray();
            var ranking = ScoreRanking.Build(isClass, probabilities.Select(p => p[c]).ToArray(), input.Weights);
            if (!ranking.HasBothClasses)
            {
                why = $"ROC-AUC of class '{input.Classes[c]}' against the rest is undefined: the actual labels " +
                    (isClass.Any(x => x) ? "hold no other class" : "never hold it");
                return null;
            }
            double auc = ranking.Auc();
            double support = 0;
            for (int i = 0; i < isClass.Length; i++)
            {
                if (isClass[i]) support += input.Weight(i);
            }
            macro += auc;
            weighted += auc * support;
            supportTotal += support;
        }
        why = null;
        return (macro / k, supportTotal == 0 ? 0 : weighted / supportTotal);
    }
}
