using MLCycle.Metrics;

namespace MLCycle.Evaluation;

/// <summary>
/// Judges a model's fit on its task's primary metric (auc, macro_f1 or rmse) from its training score, its test score
/// and the baseline's test score. The rule, checked in this order:
/// <list type="number">
/// <item><b>Underfitting</b> when even the training score is not clearly better than the baseline: the model cannot find signal.</item>
/// <item><b>Overfitting</b> when the training score is much better than the test score: for scores (auc, macro_f1) a gap above
/// <see cref="ScoreMargin"/>; for errors (rmse) a test error above <see cref="OverfitErrorRatio"/> x the training error.</item>
/// <item><b>Underfitting</b> when the test score is not clearly better than the baseline: for scores a lift below
/// <see cref="ScoreMargin"/>; for errors a test error not at least 10% below the baseline's (above <see cref="UnderfitErrorRatio"/> x baseline).</item>
/// <item><b>Good</b> otherwise.</item>
/// </list>
/// </summary>
public static class FitDiagnosis
{
    /// <summary>The absolute margin on a score metric (auc, macro_f1) that counts as clearly better or much better.</summary>
    public const double ScoreMargin = 0.05;

    /// <summary>A test error above this multiple of the training error is overfitting.</summary>
    public const double OverfitErrorRatio = 1.25;

    /// <summary>A test error above this multiple of the baseline's error is not clearly better than the baseline.</summary>
    public const double UnderfitErrorRatio = 0.9;

    /// <summary>Diagnoses the fit from the model's train and test results and the baseline's test result.</summary>
    public static FitVerdict Diagnose(TaskKind task, EvaluationResult train, EvaluationResult test, EvaluationResult baseline)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(baseline);
        var primary = PrimaryMetric.For(task);
        string key = primary.Key;
        double trainScore = Score(train, key, "training");
        double testScore = Score(test, key, "test");
        double baselineScore = Score(baseline, key, "baseline");
        var (kind, explanation) = primary.HigherIsBetter
            ? JudgeScore(key, trainScore, testScore, baselineScore)
            : JudgeError(key, trainScore, testScore, baselineScore);
        return new FitVerdict(kind, explanation, trainScore, testScore, baselineScore, key);
    }

    private static (FitVerdictKind, string) JudgeScore(string key, double train, double test, double baseline)
    {
        string t = F(train), s = F(test), b = F(baseline), m = F(ScoreMargin);
        if (train - baseline < ScoreMargin)
            return (FitVerdictKind.Underfitting,
                $"Underfitting: even on the training data {key} is {t}, within {m} of the baseline's {b}; the model finds little signal in the features. Try a more flexible algorithm or better features.");
        if (train - test > ScoreMargin)
            return (FitVerdictKind.Overfitting,
                $"Overfitting: {key} is {t} on the training data but {s} on the test data (gap {F(train - test)} > {m}); the model memorises training rows. Try a simpler model, stronger regularisation or more data.");
        if (test - baseline < ScoreMargin)
            return (FitVerdictKind.Underfitting,
                $"Underfitting: test {key} {s} is not clearly better than the baseline's {b} (lift {F(test - baseline)} < {m}). Try a more flexible algorithm or better features.");
        return (FitVerdictKind.Good,
            $"Good fit: test {key} {s} beats the baseline's {b} by {F(test - baseline)}, and the training score {t} is within {m} of it.");
    }

    private static (FitVerdictKind, string) JudgeError(string key, double train, double test, double baseline)
    {
        string t = F(train), s = F(test), b = F(baseline);
        string belowBaseline = baseline == 0 ? "n/a" : MetricFormat.Percent((baseline - test) / baseline);
        if (train > UnderfitErrorRatio * baseline)
            return (FitVerdictKind.Underfitting,
                $"Underfitting: even on the training data {key} is {t}, not at least 10% below the baseline's {b}; the model finds little signal in the features. Try a more flexible algorithm or better features.");
        if (test > OverfitErrorRatio * train)
            return (FitVerdictKind.Overfitting,
                $"Overfitting: test {key} {s} is {F(test / train)} x the training {key} {t} (more than {F(OverfitErrorRatio)} x); the model memorises training rows. Try a simpler model, stronger regularisation or more data.");
        if (test > UnderfitErrorRatio * baseline)
            return (FitVerdictKind.Underfitting,
                $"Underfitting: test {key} {s} is only {belowBaseline} below the baseline's {b} (expected at least 10%). Try a more flexible algorithm or better features.");
        return (FitVerdictKind.Good,
            $"Good fit: test {key} {s} is {belowBaseline} below the baseline's {b}, and within {F(OverfitErrorRatio)} x the training {key} {t}.");
    }

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
