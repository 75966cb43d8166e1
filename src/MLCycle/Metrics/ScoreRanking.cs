namespace MLCycle.Metrics;

/// <summary>
/// Rows grouped by distinct score, highest score first, with the positives and negatives in each group;
/// the threshold-free binary metrics (ROC-AUC, average precision, ROC points) all walk these groups.
/// </summary>
internal sealed class ScoreRanking
{
    private readonly List<(double Score, long Positives, long Negatives)> _groups;
    private readonly long _positives;
    private readonly long _negatives;

    private ScoreRanking(List<(double, long, long)> groups, long positives, long negatives)
    {
        _groups = groups;
        _positives = positives;
        _negatives = negatives;
    }

    public static ScoreRanking Build(IReadOnlyList<bool> actual, IReadOnlyList<double> score)
    {
        var order = Enumerable.Range(0, score.Count).OrderByDescending(i => score[i]).ToArray();
        var groups = new List<(double, long, long)>();
        long positives = 0, negatives = 0;
        int start = 0;
        while (start < order.Length)
        {
            double s = score[order[start]];
            long pos = 0, neg = 0;
            int end = start;
            for (; end < order.Length && score[order[end]] == s; end++)
            {
                if (actual[order[end]]) pos++; else neg++;
            }
            groups.Add((s, pos, neg));
            positives += pos;
            negatives += neg;
            start = end;
        }
        return new ScoreRanking(groups, positives, negatives);
    }

    /// <summary>Probability that a random positive outscores a random negative, ties counting one half (Mann-Whitney U / PN).</summary>
    public double Auc()
    {
        if (_positives == 0 || _negatives == 0) return double.NaN;
        // Walking from the highest score down: each positive beats every negative in lower groups and ties half of its own group.
        double wins = 0;
        long negativesBelow = _negatives;
        foreach (var (_, pos, neg) in _groups)
        {
            negativesBelow -= neg;
            wins += pos * (negativesBelow + neg / 2.0);
        }
        return wins / ((double)_positives * _negatives);
    }

    /// <summary>Average precision: sum over distinct thresholds of (recall step) x (precision at that threshold), as sklearn computes it.</summary>
    public double AveragePrecision()
    {
        if (_positives == 0) return double.NaN;
        double ap = 0;
        long tp = 0, fp = 0;
        foreach (var (_, pos, neg) in _groups)
        {
            tp += pos;
            fp += neg;
            ap += (double)pos / _positives * ((double)tp / (tp + fp));
        }
        return ap;
    }

    /// <summary>ROC points from (0,0) to (1,1), one per distinct score; empty when a class is absent.</summary>
    public IReadOnlyList<(double Fpr, double Tpr)> RocCurve()
    {
        if (_positives == 0 || _negatives == 0) return [];
        var points = new List<(double, double)>(_groups.Count + 1) { (0, 0) };
        long tp = 0, fp = 0;
        foreach (var (_, pos, neg) in _groups)
        {
            tp += pos;
            fp += neg;
            points.Add(((double)fp / _negatives, (double)tp / _positives));
        }
        return points;
    }
}
