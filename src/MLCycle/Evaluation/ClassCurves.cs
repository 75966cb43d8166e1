namespace MLCycle.Evaluation;

/// <summary>
/// One class's one-vs-rest curves of a multiclass model: the class against all others, scored by its own probability, as
/// scikit-learn 1.2 draws them after <c>label_binarize</c>. The curves are empty and the areas NaN when the test rows hold
/// none of the class or nothing else.
/// </summary>
public sealed record ClassCurves
{
    public required string Class { get; init; }
    /// <summary>Test rows of this class.</summary>
    public required int Rows { get; init; }
    /// <summary>(false positive rate, true positive rate) from (0, 0), as <see cref="ScorePlots.Roc"/>.</summary>
    public IReadOnlyList<(double Fpr, double Tpr)> Roc { get; init; } = [];
    /// <summary>(recall, precision), lowest threshold first, ending at (0, 1), as <see cref="ScorePlots.PrecisionRecall"/>.</summary>
    public IReadOnlyList<(double Recall, double Precision)> PrecisionRecall { get; init; } = [];
    /// <summary>The area under <see cref="Roc"/> (trapezoids, as <c>roc_auc_score</c>).</summary>
    public double RocAuc { get; init; } = double.NaN;
    /// <summary>Average precision (<c>average_precision_score</c>): precision summed over the steps in recall.</summary>
    public double AveragePrecision { get; init; } = double.NaN;
}
