using System.Globalization;

namespace MLCycle.Training;

/// <summary>
/// The chosen model's learning curve: its cross-validation metric on the training and validation rows of the first folds,
/// fitted on growing shares of each fold's training rows (seeded, stratified by class), with a plain reading of what it says
/// and the rule that reading follows.
/// </summary>
public sealed record LearningCurve
{
    /// <summary>The reading's rule, stated wherever the reading is shown.</summary>
    public const string Rule = "More data is said to help when the validation score still improves over the last step to all rows by more than "
        + "its spread across folds (sd); overfitting is said when, on all rows, the training score beats validation by more than twice that spread "
        + "and by more than 1% of the validation score.";

    public required string Algorithm { get; init; }
    /// <summary>The ranking metric the curve plots.</summary>
    public required string Metric { get; init; }
    public required bool HigherIsBetter { get; init; }
    /// <summary>The cross-validation folds each size was fitted on (the first of the run's folds).</summary>
    public required int Folds { get; init; }
    /// <summary>Smallest share first; the last is every training row of the folds.</summary>
    public required IReadOnlyList<LearningCurvePoint> Points { get; init; }
    /// <summary>What the curve says, in one or two sentences following <see cref="Rule"/>.</summary>
    public required string Reading { get; init; }
    /// <summary>Wall-clock seconds the curve took.</summary>
    public double Seconds { get; init; }

    /// <summary>The reading of <paramref name="points"/> by <see cref="Rule"/>.</summary>
    public static string Read(IReadOnlyList<LearningCurvePoint> points, string metric, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2) return "Too few training rows to draw a learning curve; nothing is read from it.";
        var (last, previous) = (points[^1], points[^2]);
        double sign = higherIsBetter ? 1 : -1;
        double gain = sign * (last.ValidationMean - previous.ValidationMean);
        double spread = Math.Max(last.ValidationStd, previous.ValidationStd);
        double gap = sign * (last.TrainMean - last.ValidationMean);
        string data = gain > spread && gain > 0
            ? $"More data would likely help: validation {metric} still improved by {N(gain)} from {P(previous.Share)} to all of the training rows, more than its spread across folds (sd {N(spread)})."
            : $"The validation {metric} has levelled off: from {P(previous.Share)} to all of the training rows it changed by {N(sign * gain)}, within its spread across folds (sd {N(spread)}), so more rows of the same kind are unlikely to help much.";
        string fit = gap > 2 * last.ValidationStd && gap > 0.01 * Math.Abs(last.ValidationMean)
            ? $"The gap says overfitting: on all rows the training {metric} is {N(last.TrainMean)} against {N(last.ValidationMean)} on validation, more than twice the folds' spread apart."
            : $"Training and validation {metric} are close ({N(last.TrainMean)} against {N(last.ValidationMean)}): no sign of overfitting by the rule.";
        return $"{data} {fit}";
    }

    private static string N(double value) => (Math.Round(value, 4) + 0.0).ToString("0.####", CultureInfo.InvariantCulture);

    private static string P(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
