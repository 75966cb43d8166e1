using System.Collections.Immutable;
using System.Diagnostics;
using MLCycle.Data;
using MLCycle.Metrics;
using MLCycle.Training.Algorithms;

namespace MLCycle.Training;

/// <summary>A candidate's k-fold cross-validation: the folds' fits scored with one threshold chosen out of fold, and the refit on the
/// whole training part scored on train and test.</summary>
internal static class CrossValidation
{
    /// <summary>
    /// One candidate: scored on every fold, then refit on the whole training part and scored on train and test. A binary
    /// model's decision threshold is chosen on its out-of-fold predictions first, and every score uses it.
    /// </summary>
    internal static (CandidateResult Candidate, TrainedModel? Model) CrossValidate(IAlgorithm algorithm, FitRequest fit, Table test, CvFold[] folds,
        CandidateScorer scorer, MetricDirection primary, ThresholdRule? thresholdRule, CancellationToken ct, Dictionary<string, IFittedModel[]> foldModels)
    {
        // The refit joins the folds' fits, two at a time, so it costs no extra round on two cores.
        var clock = Stopwatch.StartNew();
        // A boosted learner's refit waits for the folds: it trains the rounds they chose.
        var early = algorithm is MLNetAlgorithm learner && learner.StopsEarly(fit.Task);
        var fitted = FoldFits.FitParts(algorithm, fit, folds, withWhole: !early, ct);
        var cv = ScoreFitted(algorithm, fit, folds, fitted, scorer, primary, thresholdRule, clock);
        foldModels[algorithm.Name] = fitted.Take(folds.Length).ToArray();
        if (!early) return Complete(algorithm, fit, test, cv, scorer, thresholdRule, fitted[^1]);
        var values = WithRounds(cv, fit.Hyperparameters);
        var (candidate, model) = Complete(algorithm, fit with { Hyperparameters = values }, test, cv, scorer, thresholdRule);
        return (candidate with { Hyperparameters = values }, model);
    }

    /// <summary>
    /// The hyperparameters with the rounds early stopping chose in cross-validation, the median over the folds, which the
    /// refit on the whole training part trains (and the trial records); unchanged for a learner that did not stop early.
    /// </summary>
    internal static ImmutableDictionary<string, double> WithRounds(CvScore score, ImmutableDictionary<string, double> values) =>
        score is { Rounds: { } rounds, RoundsParameter: { } key } ? values.SetItem(key, rounds) : values;

    /// <summary>A trial: the folds alone are fitted and scored; <paramref name="ct"/> (the search's deadline) stops it between fits.</summary>
    internal static CvScore Score(IAlgorithm algorithm, FitRequest fit, CvFold[] folds, CandidateScorer scorer, MetricDirection primary,
        ThresholdRule? thresholdRule, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var fitted = FoldFits.FitParts(algorithm, fit, folds, withWhole: false, ct);
        return ScoreFitted(algorithm, fit, folds, fitted, scorer, primary, thresholdRule, clock);
    }

    internal static CvScore ScoreFitted(IAlgorithm algorithm, FitRequest fit, CvFold[] folds, IFittedModel[] fitted, CandidateScorer scorer, MetricDirection primary,
        ThresholdRule? thresholdRule, Stopwatch clock)
    {
        var foldPredictions = folds.Select((f, k) => fitted[k].Predict(fit.Train.Take(f.Validation))).ToList();
        var rounds = fitted.Take(folds.Length).Select(f => f.Model?.Rounds).ToList();
        return ScorePredictions(fit, folds, foldPredictions, scorer, primary, thresholdRule, clock) with
        {
            Rounds = rounds.All(r => r is not null) ? Median(rounds.Select(r => r!.Value)) : null,
            RoundsParameter = (algorithm as MLNetAlgorithm)?.RoundsParameter,
        };
    }

    internal static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        return (int)Math.Round((sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2.0, MidpointRounding.AwayFromZero);
    }

    internal static CvScore ScorePredictions(FitRequest fit, CvFold[] folds, List<IReadOnlyList<Prediction>> foldPredictions, CandidateScorer scorer,
        MetricDirection primary, ThresholdRule? thresholdRule, Stopwatch clock)
    {
        var (threshold, thresholdReason) = thresholdRule is null ? (0.5, null) : ChooseThreshold(fit, folds, foldPredictions, thresholdRule);
        var foldResults = folds.Select((f, k) => scorer.Evaluate(fit.Train.Take(f.Validation), CandidateScorer.Decide(fit, thresholdRule, threshold, foldPredictions[k]))).ToList();
        var scores = foldResults.Select(f => f[primary.Key]).ToArray();
        var mean = scores.Average();
        var std = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / scores.Length);
        return new CvScore(foldResults, mean, std, threshold, thresholdReason, clock.Elapsed.TotalSeconds, foldPredictions)
        {
            OutOfFold = thresholdRule is null ? null : OutOfFold(fit, folds, foldPredictions),
        };
    }

    /// <summary>The refit on the whole training part (fitted now unless given), scored on train and test with the threshold the folds chose.</summary>
    internal static (CandidateResult Candidate, TrainedModel? Model) Complete(IAlgorithm algorithm, FitRequest fit, Table test, CvScore cv,
        CandidateScorer scorer, ThresholdRule? thresholdRule, IFittedModel? whole = null)
    {
        var clock = Stopwatch.StartNew();
        return Complete(algorithm.Name, fit, test, cv, scorer, thresholdRule, whole ?? FoldFits.Fit(algorithm, fit, "the whole training part"), clock);
    }

    internal static (CandidateResult Candidate, TrainedModel? Model) Complete(string name, FitRequest fit, Table test, CvScore cv,
        CandidateScorer scorer, ThresholdRule? thresholdRule, IFittedModel refit, Stopwatch clock)
    {
        if (refit.Model is { } packaged) packaged.DecisionThreshold = cv.Threshold;
        var testPredictions = CandidateScorer.Decide(fit, thresholdRule, cv.Threshold, refit.Predict(test));
        var candidate = new CandidateResult
        {
            Algorithm = name,
            StoppedRounds = cv is { Rounds: { } rounds, RoundsParameter: { } key } ? (key, rounds) : null,
            Folds = cv.Folds,
            CvMean = cv.Mean,
            CvStd = cv.Std,
            Train = scorer.Evaluate(fit.Train, CandidateScorer.Decide(fit, thresholdRule, cv.Threshold, refit.Predict(fit.Train))),
            Test = scorer.Evaluate(test, testPredictions),
            TestPredictions = testPredictions,
            Seconds = cv.Seconds + clock.Elapsed.TotalSeconds,
            Packageable = refit.Model is not null,
            Threshold = thresholdRule is null ? null : cv.Threshold,
            ThresholdReason = cv.ThresholdReason,
            OutOfFold = cv.OutOfFold,
        };
        return (candidate, refit.Model);
    }

    internal static double[] OutOfFold(FitRequest fit, CvFold[] folds, List<IReadOnlyList<Prediction>> predictions)
    {
        var probability = new double[fit.Train.RowCount];
        Array.Fill(probability, double.NaN);
        for (var k = 0; k < folds.Length; k++)
            for (var i = 0; i < folds[k].Validation.Length; i++) probability[folds[k].Validation[i]] = predictions[k][i].Probabilities![fit.Classes[1]];
        return probability;
    }

    internal static (double Threshold, string Reason) ChooseThreshold(FitRequest fit, CvFold[] folds, List<IReadOnlyList<Prediction>> predictions, ThresholdRule rule)
    {
        var positive = new List<bool>();
        var probability = new List<double>();
        for (var k = 0; k < folds.Length; k++)
        {
            for (var i = 0; i < folds[k].Validation.Length; i++)
            {
                positive.Add(fit.Label(folds[k].Validation[i]) == fit.Classes[1]);
                probability.Add(predictions[k][i].Probabilities![fit.Classes[1]]);
            }
        }
        return ThresholdChooser.Choose(positive, probability, rule);
    }
}
