using MLCycle.Metrics;

namespace MLCycle.Evaluation;

/// <summary>
/// Judges a model's fit on its task's primary metric (auc, macro_f1 or rmse) from its training, cross-validation, test
/// and baseline scores. Generalisation is judged like with like: held-out scores against held-out scores. A flexible
/// learner (boosted trees) always scores far better on the rows it was refit on than on any other rows, so that gap alone
/// is reported, not judged. The rule, checked in this order:
/// <list type="number">
/// <item><b>Underfitting</b> when even the training score is not clearly better than the baseline: the model cannot find signal.</item>
/// <item><b>Overfitting</b> when the test score is not clearly better than the baseline (a lift below
/// <see cref="ScoreMargin"/> for scores; for errors a test error not at least 10% below the baseline's) although the
/// training score is much better than the test score (by more than <see cref="ScoreMargin"/>; for errors, a test error
/// above <see cref="OverfitErrorRatio"/> x the training error): what the model learnt does not carry over to new rows.</item>
/// <item><b>Underfitting</b> when the test score is not clearly better than the baseline and the training score is not
/// much better either: there is little signal to find.</item>
/// <item><b>Overfitting</b> (classification) when the test log loss is worse than the baseline's: the model is more sure
/// of itself than it has reason to be, so its probabilities are worse than predicting the class shares.</item>
/// <item><b>Overfitting</b> when the test score is clearly worse than cross-validation promised (for scores, more than
/// <see cref="ScoreMargin"/> below the CV mean; for errors, above <see cref="OverfitErrorRatio"/> x the CV mean).</item>
/// <item><b>Good</b> otherwise.</item>
/// </list>
/// </summary>
public static class FitDiagnosis
{
    /// <summary>The absolute margin on a score metric (auc, macro_f1) that counts as clearly better or clearly worse.</summary>
    public const double ScoreMargin = 0.05;

    /// <summary>A test error above this multiple of the cross-validation error is clearly worse than cross-validation promised.</summary>
    public const double OverfitErrorRatio = 1.25;

    /// <summary>A test error above this multiple of the baseline's error is not clearly better than the baseline.</summary>
    public const double UnderfitErrorRatio = 0.9;

    private const string LogLoss = "log_loss";

    /// <summary>
    /// Diagnoses the fit from the model's train and test results, its cross-validation mean on the primary metric (null
    /// when it was not cross-validated) and the baseline's test result, on <paramref name="metric"/> (null for the task's own).
    /// </summary>
    public static FitVerdict Diagnose(TaskKind task, EvaluationResult train, EvaluationResult test, EvaluationResult baseline, double? cvMean = null,
        MetricDirection? metric = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(baseline);
        var primary = metric ?? PrimaryMetric.For(task);
        string key = primary.Key;
        var scores = new Scores(key, Score(train, key, "training"), Score(test, key, "test"), Score(baseline, key, "baseline"),
            cvMean is { } cv && double.IsFinite(cv) ? cv : null);
        var (kind, explanation) = primary.HigherIsBetter ? JudgeScore(scores) : JudgeError(scores);
        if (kind != FitVerdictKind.Underfitting && key != LogLoss && Overconfident(test, baseline) is { } loss)
        {
            (kind, explanation) = (FitVerdictKind.Overfitting,
                $"Overfitting: test {LogLoss} {F(loss.Test)} is worse than the baseline's {F(loss.Baseline)}, although test {key} is {F(scores.Test)}: the model is surer of its predictions than it has reason to be. Try a simpler model, stronger regularisation or more data.");
        }
        return new FitVerdict(kind, explanation, scores.Train, scores.Test, scores.Baseline, key) { CvScore = scores.Cv };
    }

    private sealed record Scores(string Key, double Train, double Test, double Baseline, double? Cv);

    private static (FitVerdictKind, string) JudgeScore(Scores s)
    {
        string t = F(s.Train), test = F(s.Test), b = F(s.Baseline), m = F(ScoreMargin);
        if (s.Train - s.Baseline < ScoreMargin)
            return (FitVerdictKind.Underfitting,
                $"Underfitting: even on the training data {s.Key} is {t}, within {m} of the baseline's {b}; the model finds little signal in the features. Try a more flexible algorithm or better features.");
        if (s.Test - s.Baseline < ScoreMargin && s.Train - s.Test > ScoreMargin)
            return (FitVerdictKind.Overfitting,
                $"Overfitting: {s.Key} is {t} on the training data but test {s.Key} {test} is not clearly better than the baseline's {b} (lift {F(s.Test - s.Baseline)} < {m}); what the model learnt from its training rows does not carry over. Try a simpler model, stronger regularisation or more data.");
        if (s.Test - s.Baseline < ScoreMargin)
            return (FitVerdictKind.Underfitting,
                $"Underfitting: test {s.Key} {test} is not clearly better than the baseline's {b} (lift {F(s.Test - s.Baseline)} < {m}). Try a more flexible algorithm or better features.");
        if (s.Cv is { } cv && cv - s.Test > ScoreMargin)
            return (FitVerdictKind.Overfitting,
                $"Overfitting: test {s.Key} {test} is {F(cv - s.Test)} below the cross-validation mean {F(cv)} (more than {m}); the model does worse on new rows than cross-validation promised. Try a simpler model, stronger regularisation or more data.");
        return (FitVerdictKind.Good,
            $"Good fit: test {s.Key} {test} beats the baseline's {b} by {F(s.Test - s.Baseline)}{AsPromised(s)}.{TrainingGap(s, s.Train - s.Test > ScoreMargin)}");
    }

    private static (FitVerdictKind, string) JudgeError(Scores s)
    {
        string t = F(s.Train), test = F(s.Test), b = F(s.Baseline);
        string belowBaseline = s.Baseline == 0 ? "n/a" : MetricFormat.Percent((s.Baseline - s.Test) / s.Baseline);
        if (s.Train > UnderfitErrorRatio * s.Baseline)
            return (FitVerdictKind.Underfitting,
                $"Underfitting: even on the training data {s.Key} is {t}, not at least 10% below the baseline's {b}; the model finds little signal in the features. Try a more flexible algorithm or better features.");
        if (s.Test > UnderfitErrorRatio * s.Baseline && s.Test > OverfitErrorRatio * s.Train)
            return (FitVerdictKind.Overfitting,
                $"Overfitting: {s.Key} is {t} on the training data but test {s.Key} {test} is only {belowBaseline} below the baseline's {b} (expected at least 10%); what the model learnt from its training rows does not carry over. Try a simpler model, stronger regularisation or more data.");
        if (s.Test > UnderfitErrorRatio * s.Baseline)
            return (FitVerdictKind.Underfitting,
                $"Underfitting: test {s.Key} {test} is only {belowBaseline} below the baseline's {b} (expected at least 10%). Try a more flexible algorithm or better features.");
        if (s.Cv is { } cv && s.Test > OverfitErrorRatio * cv)
            return (FitVerdictKind.Overfitting,
                $"Overfitting: test {s.Key} {test} is {F(s.Test / cv)} x the cross-validation mean {F(cv)} (more than {F(OverfitErrorRatio)} x); the model does worse on new rows than cross-validation promised. Try a simpler model, stronger regularisation or more data.");
        return (FitVerdictKind.Good,
            $"Good fit: test {s.Key} {test} is {belowBaseline} below the baseline's {b}{AsPromised(s)}.{TrainingGap(s, s.Test > OverfitErrorRatio * s.Train)}");
    }

    private static string AsPromised(Scores s) => s.Cv is { } cv ? $", in line with the cross-validation mean {F(cv)}" : "";

    // Said, not judged: the refit has seen every training row, so a flexible learner's training score is always better.
    private static string TrainingGap(Scores s, bool large) => large
        ? $" The training {s.Key} {F(s.Train)} is much better than the held-out scores, as is usual for flexible learners; the held-out scores are the ones to trust."
        : "";

    private static (double Test, double Baseline)? Overconfident(EvaluationResult test, EvaluationResult baseline) =>
        test.Metrics.TryGetValue(LogLoss, out var model) && baseline.Metrics.TryGetValue(LogLoss, out var reference)
        && double.IsFinite(reference) && model > reference
            ? (model, reference)
            : null;

    private static double Score(EvaluationResult result, string key, string which)
    {
        if (!result.Metrics.TryGetValue(key, out double value))
            throw new MLCycleException(ErrorKind.BadSpec, $"Cannot diagnose the fit: the {which} result has no '{key}' metric; found {string.Join(", ", result.Metrics.Keys)}.");
        if (double.IsNaN(value))
            throw new MLCycleException(ErrorKind.BadData, $"Cannot diagnose the fit: the {which} {key} is NaN (does that data hold a single class?).");
        return value;
    }

    private static string F(double value) => MetricFormat.Value(value);
}
