namespace MLCycle.Metrics;

/// <summary>
/// Rows grouped by distinct score, highest score first, with the (weighted) positives and negatives in each group;
/// the threshold-free binary metrics (ROC-AUC, average precision, ROC points) all walk these groups.
/// </summary>
internal sealed class ScoreRanking
{
    private readonly List<(double Score, double Positives, double Negatives)> _groups;
    private readonly double _positives;
    private readonly double _negatives;

    private ScoreRanking(List<(double, double, double)> groups, double positives, double negatives)
    {
        _groups = groups;
        _positives = positives;
        _negatives = negatives;
    }

    /// <summary>True when the actual labels hold both classes, so that ROC-AUC is defined.</summary>
    public bool HasBothClasses => _positives > 0 && _negatives > 0;

    public bool HasPositives => _positives > 0;

    /// <summary>Groups the rows by score; rows of weight 0 are left out, as sklearn's curves leave them out.</summary>
    public static ScoreRanking Build(IReadOnlyList<bool> actual, IReadOnlyList<double> score, IReadOnlyList<double>? weights = null)
    {
        var order = Enumerable.Range(0, score.Count).Where(i => weights is null || weights[i] != 0)
            .OrderByDescending(i => score[i]).ToArray();
        var groups = new List<(double, double, double)>();
        double positives = 0, negatives = 0;
        int start = 0;
        while (start < order.Length)
        {
            double s = score[order[start]];
            double pos = 0, neg = 0;
            int end = start;
            for (; end < order.Length && score[order[end]] == s; end++)
            {
                double w = weights is null ? 1 : weights[order[end]];
                if (actual[order[end]]) pos += w; else neg += w;
            }
            groups.Add((s, pos, neg));
            positives += pos;
            negatives += neg;
            start = end;
        }
        return new ScoreRanking(groups, positives, negatives);
    }

    /// <summary>Area under the ROC curve (trapezoids between distinct scores, so ties count one half); NaN when a class is absent.</summary>
    public double Auc()
    {
        if (!HasBothClasses) return double.NaN;
        double area = 0, tp = 0;
        foreach (var (_, pos, neg) in _groups)
        {
            area += neg * (tp + pos / 2);
            tp += pos;
        }
        return area / (_positives * _negatives);
    }

    /// <summary>
    /// Average precision: sum over distinct thresholds of (recall step) x (precision at that threshold), as sklearn computes it;
    /// 0 without positives, as sklearn 1.2 returns.
    /// </summary>
    public double AveragePrecision()
    {
        if (!HasPositives) return 0;
        double ap = 0, tp = 0, fp = 0;
        foreach (var (_, pos, neg) in _groups)
        {
            tp += pos;
            fp += neg;
            ap += pos / _positives * (tp / (tp + fp));
        }
        return ap;
    }

    /// <summary>ROC points from (0,0) to (1,1), one per distinct score; empty when a class is absent.</summary>
    public IReadOnlyList<(double Fpr, double Tpr)> RocCurve()
    {
        if (!HasBothClasses) return [];
        var points = new List<(double, double)>(_groups.Count + 1) { (0, 0) };
        double tp = 0, fp = 0;
        foreach (var (_, pos, neg) in _groups)
        {
            tp += pos;
            fp += neg;
            points.Add((fp / _negatives, tp / _positives));
        }
        return points;
    }
}
