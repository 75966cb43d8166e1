using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using MLCycle.Data;
using MLCycle.Metrics;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;
using MLCycle.Training.Algorithms;
using MLCycle.Training.Ensembles;
using MLCycle.Training.Tuning;

namespace MLCycle.Training;

/// <summary>
/// Trains every requested algorithm: seeded (stratified) train/test split, k-fold cross-validation on the training
/// part, winner by the task's primary metric, refit on the whole training part, scored on train and test.
/// </summary>
public sealed partial class ModelTrainer
{
    public TrainingOutcome Train(TrainingRequest request, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var algorithms = CheckRequest(request);
        var labelled = LabelledRows(request, progress);
        var (train, test, splitDescription, testRows) = Split(request, labelled);
        var kept = RemoveRows(request, train, progress);
        progress?.Report($"split: {kept.Rows.RowCount} training rows, {test.RowCount} test rows{(splitDescription is null ? "" : $", {splitDescription}")}");

        var fit = FitRequestFor(request, kept, labelled.Classes);
        var folds = kept.SplitBy?.Folds(request.Folds, request.Seed) ?? CvFold.Complements(kept.Rows.RowCount, DataSplitter.Folds(kept.Rows.RowCount, request.Folds, request.Seed,
            labelled.Stratify ? Enumerable.Range(0, kept.Rows.RowCount).Select(fit.Label).ToArray() : null));
        var scorer = new CandidateScorer(request.Task, request.Target, labelled.Classes);
        var primary = PrimaryMetric.For(request.Task, request.Metric);
        var candidates = new List<CandidateResult>();
        var models = new Dictionary<string, TrainedModel>(StringComparer.Ordinal);
        void Add(CandidateResult candidate, TrainedModel? model)
        {
            candidates.Add(candidate);
            if (model is not null) models[candidate.Algorithm] = model;
            progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"{candidate.Algorithm}: cv {primary.Key} {candidate.CvMean:F4} ± {candidate.CvStd:F4}, test {candidate.Test[primary.Key]:F4} ({candidate.Seconds:F1} s)"));
        }
        SearchReport? search = null;
        // Each listed candidate's fold models, kept so the learning curve's full-size point reuses them instead of refitting.
        var foldModels = new Dictionary<string, IFittedModel[]>(StringComparer.Ordinal);
        if (request.Search is { } options)
        {
            // Trials cross-validate exactly as a listed algorithm does; only the finalists are refitted and tested.
            var (report, finalists) = new TrialSearch<CvScore>(options, primary, request.Seed,
                (algorithm, values, deadline) => Score(algorithm, fit with { Hyperparameters = values }, folds, scorer, primary, ThresholdFor(request, algorithm), deadline),
                score => (score.Mean, score.Std), progress, WithRounds).Run(algorithms, ct);
            progress?.Report($"search: {report.Summary}");
            var blendable = new List<(CandidateResult Candidate, TrainedModel Model, CvScore Score)>();
            var refitFailures = new List<string>();
            foreach (var f in finalists)
            {
                CandidateResult candidate;
                TrainedModel? model;
                try
                {
                    (candidate, model) = Complete(f.Algorithm, fit with { Hyperparameters = f.Values }, test, f.Score, scorer, ThresholdFor(request, f.Algorithm));
                }
                catch (MLCycleException e) when (e.Kind == ErrorKind.Failed && refitFailures.Count < finalists.Count - 1)
                {
                    // A finalist whose refit on the whole training part fails (SDCA's weights can diverge on rows its folds
                    // never saw together) is left out like a failed trial; the run fails only when no finalist refits.
                    refitFailures.Add($"{f.Algorithm.Name}: {e.Message}");
                    progress?.Report($"{f.Algorithm.Name}: the refit on the whole training part failed and is left out ({e.Message})");
                    continue;
                }
                candidate = candidate with { Hyperparameters = f.Values, Trial = f.Trial.Number };
                Add(candidate, model);
                // An mlp's network lives outside model.zip; ensembles blend the learners whose chain ends in a trainer.
                if (model is { Network: null }) blendable.Add((candidate, model, f.Score));
            }
            search = refitFailures.Count == 0 ? report
                : report with { Summary = $"{report.Summary}; left out after a failed refit: {string.Join("; ", refitFailures)}" };
            if (options.Ensemble && Ensemble(blendable, fit, test, folds, scorer, primary, ModelThreshold(request), report.Trials.Count + 1, progress) is { } blend)
            {
                var best = candidates.Where(c => c.Packageable).MinBy(c => primary.HigherIsBetter ? -c.CvMean : c.CvMean)!;
                var wins = primary.HigherIsBetter ? blend.Candidate.CvMean > best.CvMean : blend.Candidate.CvMean < best.CvMean;
                progress?.Report(wins ? $"ensemble kept: it beats {best.Algorithm} on cv {primary.Key}" : $"ensemble not kept: no better than {best.Algorithm} on cv {primary.Key}");
                Add(wins ? blend.Candidate : blend.Candidate with { Packageable = false }, wins ? blend.Model : null);
                search = search with { Trials = [.. report.Trials, blend.Trial] };
            }
        }
        else
        {
            foreach (var algorithm in algorithms)
            {
                ct.ThrowIfCancellationRequested();
                var (candidate, model) = CrossValidate(algorithm, fit, test, folds, scorer, primary, ThresholdFor(request, algorithm), ct, foldModels);
                Add(candidate, model);
            }
        }
        var outcome = Outcome(request, labelled, kept, test, candidates, models, progress) with
        {
            Split = splitDescription, Search = search, TestRows = testRows, TrainRows = kept.Origin,
        };
        if (!request.LearningCurve || algorithms.FirstOrDefault(a => a.Name == outcome.Model.Algorithm) is not { } chosen) return outcome;
        return outcome with
        {
            LearningCurve = Curve(chosen, fit with { Hyperparameters = outcome.ModelCandidate.Hyperparameters }, folds, labelled.Stratify, scorer, primary,
                ThresholdFor(request, chosen), outcome.ModelCandidate.Threshold ?? 0.5, foldModels.GetValueOrDefault(chosen.Name), progress, ct),
        };
    }

    // The baseline's constant probability has no threshold worth choosing; it stays the reference at 0.5.
    private static ThresholdRule? ThresholdFor(TrainingRequest request, IAlgorithm algorithm) =>
        algorithm is BaselineAlgorithm ? null : ModelThreshold(request);

    private static ThresholdRule? ModelThreshold(TrainingRequest request) => request.Task == TaskKind.Binary ? request.Threshold ?? ThresholdRule.F1 : null;

    /// <summary>The rows that have a target, their weights and labels, and the class order.</summary>
    private sealed record Labelled(Table Data, float[]? Weights, string[]? Labels, IReadOnlyList<string> Classes, int RowsWithoutTarget, bool Stratify, RowSplit? SplitBy)
    {
        /// <summary>Where each labelled row sits in the request's data.</summary>
        public required int[] Rows { get; init; }
    }

    /// <summary>Training rows that survived the missing-value and outlier removal, with the bounds they were removed by.</summary>
    private sealed record KeptRows(Table Rows, float[]? Weights, FittedTreatments Removal, int Dropped, int Outliers, RowSplit? SplitBy)
    {
        /// <summary>Where each kept training row sits in the request's data.</summary>
        public required int[] Origin { get; init; }
    }

    private static IReadOnlyList<IAlgorithm> CheckRequest(TrainingRequest request)
    {
        // Class weights are row weights too: a learner that cannot weigh rows would silently ignore them.
        var algorithms = AlgorithmCatalog.Resolve(request.Algorithms, request.Task,
            request.Weights is not null || (request.ClassWeight != ClassWeight.None && request.Task != TaskKind.Regression));
        if (algorithms.All(a => a is BaselineAlgorithm))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"Only the baseline was requested; add a model algorithm ({string.Join(", ", AlgorithmCatalog.Names.Where(n => n != "baseline"))}).");
        }
        if (!request.Data.Contains(request.Target))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"Target column '{request.Target}' is not in the data; columns are: {string.Join(", ", request.Data.Columns.Select(c => c.Name))}.");
        }
        if (request.Task == TaskKind.Regression && request.ClassWeight != ClassWeight.None)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"train.class_weight '{request.ClassWeight.ToString().ToLowerInvariant()}' weighs classes, but this task is regression; remove it.");
        }
        if (request.Task != TaskKind.Binary && request.Threshold is not null)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"train.threshold sets a binary model's decision threshold, but this task is {request.Task.ToString().ToLowerInvariant()}; remove it.");
        }
        if (request.SplitBy is { } split && split.Count != request.Data.RowCount)
            throw new ArgumentException($"Expected one split value per row ({request.Data.RowCount}), found {split.Count}.", nameof(request));
        var target = request.Data[request.Target];
        if (request.Task == TaskKind.Regression && target.Numbers is null)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"Target column '{request.Target}' is {target.Kind}; regression needs a numeric target.");
        }
        foreach (var algorithm in algorithms) algorithm.CheckTarget(target);
        return algorithms;
    }

    private static Labelled LabelledRows(TrainingRequest request, IProgress<string>? progress)
    {
        var weights = CheckWeights(request);
        var target = request.Data[request.Target];
        var labelled = Enumerable.Range(0, target.Length).Where(r => !target.IsMissing(r)).ToArray();
        var data = labelled.Length == target.Length ? request.Data : request.Data.Take(labelled);
        if (labelled.Length != target.Length) weights = Pick(weights, labelled);
        var rowsWithoutTarget = target.Length - labelled.Length;
        if (rowsWithoutTarget > 0) progress?.Report($"{rowsWithoutTarget} row(s) without a value for '{request.Target}' left out");

        target = data[request.Target];
        var labels = request.Task == TaskKind.Regression ? null : Enumerable.Range(0, data.RowCount).Select(r => target.Format(r)!).ToArray();
        var classes = labels is null ? [] : Classes(request, labels);
        var splitBy = request.SplitBy is { } split && labelled.Length != target.Length ? split.Pick(labelled) : request.SplitBy;
        // Groups and times decide the split themselves; stratifying by class as well is not possible.
        return new Labelled(data, weights, labels, classes, rowsWithoutTarget, request.Stratify && labels is not null && splitBy is null, splitBy) { Rows = labelled };
    }

    private static ((Table Rows, float[]? Weights, RowSplit? SplitBy, int[] Origin) Train, Table Test, string? Described, int[] TestRows) Split(TrainingRequest request, Labelled labelled)
    {
        var (trainRows, testRows) = labelled.SplitBy?.Split(request.TestFraction, request.Seed)
            ?? DataSplitter.Split(labelled.Data.RowCount, request.TestFraction, request.Seed, labelled.Stratify ? labelled.Labels : null);
        return ((labelled.Data.Take(trainRows), Pick(labelled.Weights, trainRows), labelled.SplitBy?.Pick(trainRows), Array.ConvertAll(trainRows, r => labelled.Rows[r])), labelled.Data.Take(testRows),
            labelled.SplitBy?.Describe(trainRows, testRows), Array.ConvertAll(testRows, r => labelled.Rows[r]));
    }

    private static KeptRows RemoveRows(TrainingRequest request, (Table Rows, float[]? Weights, RowSplit? SplitBy, int[] Origin) train, IProgress<string>? progress)
    {
        var (rows, weights, splitBy, origin) = train;
        var dropped = 0;
        var removal = TreatmentFitter.Fit(rows, request.Target, request.Prepare.Treatments);
        if (request.Prepare.Missing == MissingStrategy.Drop)
        {
            // Sentinels count as missing here, as they will inside the model.
            var complete = Enumerable.Range(0, rows.RowCount).Where(r => rows.Columns.All(c => !removal.IsMissing(c, r))).ToArray();
            dropped = rows.RowCount - complete.Length;
            if (complete.Length == 0) throw new MLCycleException(ErrorKind.BadData, "Every training row has a missing value; the 'drop' missing-value strategy leaves nothing to train on.");
            rows = rows.Take(complete);
            weights = Pick(weights, complete);
            splitBy = splitBy?.Pick(complete);
            origin = Pick(origin, complete)!;
            if (dropped > 0) progress?.Report($"{dropped} training row(s) with missing values dropped");
        }
        if (dropped > 0) removal = TreatmentFitter.Fit(rows, request.Target, request.Prepare.Treatments);
        var kept = OutlierRemover.Kept(rows, removal);
        var outliers = rows.RowCount - kept.Length;
        if (outliers > 0)
        {
            rows = rows.Take(kept);
            weights = Pick(weights, kept);
            splitBy = splitBy?.Pick(kept);
            origin = Pick(origin, kept)!;
        }
        if (rows.RowCount == 0) throw new MLCycleException(ErrorKind.BadData, "Every training row is outside the outlier bounds of a column with 'remove'; nothing is left to train on.");
        if (outliers > 0) progress?.Report($"{outliers} training row(s) outside the outlier bounds removed");
        return new KeptRows(rows, weights, removal, dropped, outliers, splitBy) { Origin = origin };
    }

    private static FitRequest FitRequestFor(TrainingRequest request, KeptRows kept, IReadOnlyList<string> classes)
    {
        var treatments = TreatmentFitter.Fit(kept.Rows, request.Target, request.Prepare.Treatments);
        var inputs = InputSchemaBuilder.Build(kept.Rows, request.Target, request.Prepare, treatments);
        // Class shares are taken over the whole training part, so every fold and the refit weigh a class alike.
        var weights = request.ClassWeight == ClassWeight.Balanced && request.Task != TaskKind.Regression
            ? BalancedClassWeights.For(Array.ConvertAll(kept.Rows[request.Target].FormatAll(), l => l!), kept.Weights) // rows without a target are already out
            : kept.Weights;
        var fit = new FitRequest
        {
            Train = kept.Rows, Target = request.Target, Task = request.Task, Inputs = inputs, Classes = classes,
            Prepare = request.Prepare, Seed = request.Seed, Weights = weights,
        };
        // Encoding depends on the inputs only, not on which rows a fit sees: done once, each fold picks its rows.
        return fit with { Encoded = MLNetAlgorithm.Encode(fit) };
    }

    /// <summary>
    /// One candidate: scored on every fold, then refit on the whole training part and scored on train and test. A binary
    /// model's decision threshold is chosen on its out-of-fold predictions first, and every score uses it.
    /// </summary>
    private static (CandidateResult Candidate, TrainedModel? Model) CrossValidate(IAlgorithm algorithm, FitRequest fit, Table test, CvFold[] folds,
        CandidateScorer scorer, MetricDirection primary, ThresholdRule? thresholdRule, CancellationToken ct, Dictionary<string, IFittedModel[]> foldModels)
    {
        // The refit joins the folds' fits, two at a time, so it costs no extra round on two cores.
        var clock = Stopwatch.StartNew();
        // A boosted learner's refit waits for the folds: it trains the rounds they chose.
        var early = algorithm is MLNetAlgorithm learner && learner.StopsEarly(fit.Task);
        var fitted = FitParts(algorithm, fit, folds, withWhole: !early, ct);
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
    private static ImmutableDictionary<string, double> WithRounds(CvScore score, ImmutableDictionary<string, double> values) =>
        score is { Rounds: { } rounds, RoundsParameter: { } key } ? values.SetItem(key, rounds) : values;

    /// <summary>Fold metrics, the primary metric's mean and spread over them, and the threshold chosen on the out-of-fold predictions.</summary>
    /// <summary><paramref name="FoldPredictions"/> are each fold's predictions of its validation rows, before any threshold: what an ensemble blends.</summary>
    private sealed record CvScore(IReadOnlyList<EvaluationResult> Folds, double Mean, double Std, double Threshold, string? ThresholdReason, double Seconds,
        IReadOnlyList<IReadOnlyList<Prediction>> FoldPredictions)
    {
        /// <summary>The median of the rounds early stopping chose in the folds; null when the learner trained set rounds.</summary>
        public int? Rounds { get; init; }

        /// <summary>The hyperparameter <see cref="Rounds"/> sets (LightGBM's number_of_iterations, FastTree's number_of_trees).</summary>
        public string? RoundsParameter { get; init; }

        /// <summary>Binary: each training row's out-of-fold positive probability (NaN where no fold validated it); null otherwise.</summary>
        public double[]? OutOfFold { get; init; }
    }

    /// <summary>A trial: the folds alone are fitted and scored; <paramref name="ct"/> (the search's deadline) stops it between fits.</summary>
    private static CvScore Score(IAlgorithm algorithm, FitRequest fit, CvFold[] folds, CandidateScorer scorer, MetricDirection primary,
        ThresholdRule? thresholdRule, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var fitted = FitParts(algorithm, fit, folds, withWhole: false, ct);
        return ScoreFitted(algorithm, fit, folds, fitted, scorer, primary, thresholdRule, clock);
    }

    private static CvScore ScoreFitted(IAlgorithm algorithm, FitRequest fit, CvFold[] folds, IFittedModel[] fitted, CandidateScorer scorer, MetricDirection primary,
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

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        return (int)Math.Round((sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2.0, MidpointRounding.AwayFromZero);
    }

    private static CvScore ScorePredictions(FitRequest fit, CvFold[] folds, List<IReadOnlyList<Prediction>> foldPredictions, CandidateScorer scorer,
        MetricDirection primary, ThresholdRule? thresholdRule, Stopwatch clock)
    {
        var (threshold, thresholdReason) = thresholdRule is null ? (0.5, null) : ChooseThreshold(fit, folds, foldPredictions, thresholdRule);
        var foldResults = folds.Select((f, k) => scorer.Evaluate(fit.Train.Take(f.Validation), Decide(fit, thresholdRule, threshold, foldPredictions[k]))).ToList();
        var scores = foldResults.Select(f => f[primary.Key]).ToArray();
        var mean = scores.Average();
        var std = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / scores.Length);
        return new CvScore(foldResults, mean, std, threshold, thresholdReason, clock.Elapsed.TotalSeconds, foldPredictions)
        {
            OutOfFold = thresholdRule is null ? null : OutOfFold(fit, folds, foldPredictions),
        };
    }

    /// <summary>
    /// The blend of the finalists chosen on their out-of-fold predictions (<see cref="EnsembleSelection"/>), scored as a trial is,
    /// with its own threshold; refitting costs nothing, the members are the finalists' refits. Null when fewer than two finalists
    /// can blend or the selection keeps only one of them.
    /// </summary>
    private static (CandidateResult Candidate, TrainedModel Model, Trial Trial)? Ensemble(List<(CandidateResult Candidate, TrainedModel Model, CvScore Score)> members,
        FitRequest fit, Table test, CvFold[] folds, CandidateScorer scorer, MetricDirection primary, ThresholdRule? thresholdRule, int number, IProgress<string>? progress)
    {
        if (members.Count < 2) return null;
        var clock = Stopwatch.StartNew();
        CvScore Blend(double[] weights)
        {
            var used = Enumerable.Range(0, members.Count).Where(i => weights[i] > 0).ToList();
            var blended = folds.Select((_, k) => EnsembleBlend.Rows(used.Select(i => members[i].Score.FoldPredictions[k]).ToList(),
                used.Select(i => weights[i]).ToList(), fit.Task, fit.Classes, 0.5)).ToList();
            return ScorePredictions(fit, folds, blended, scorer, primary, thresholdRule, clock);
        }
        var weights = EnsembleSelection.Select(members.Count, w => Blend(w).Mean, primary.HigherIsBetter);
        var chosen = Enumerable.Range(0, members.Count).Where(i => weights[i] > 0).OrderByDescending(i => weights[i]).ToList();
        if (chosen.Count == 0) return null;
        if (chosen.Count < 2)
        {
            progress?.Report($"ensemble: no blend improves on {members[chosen[0]].Candidate.Algorithm} out of fold");
            return null;
        }
        var cv = Blend(weights);
        var model = TrainedModel.Ensemble(chosen.Select(i => new EnsembleMember(members[i].Model, weights[i])).ToList());
        var shares = chosen.ToImmutableDictionary(i => members[i].Candidate.Algorithm, i => weights[i], StringComparer.Ordinal);
        var (candidate, _) = Complete(TrainedModel.EnsembleName, fit, test, cv with { Seconds = 0 }, scorer, thresholdRule, new FittedEnsemble(model), clock);
        var trial = new Trial { Number = number, Algorithm = TrainedModel.EnsembleName, Hyperparameters = shares, CvMean = cv.Mean, CvStd = cv.Std, Seconds = clock.Elapsed.TotalSeconds };
        return (candidate with { Hyperparameters = shares, Trial = number }, model, trial);
    }

    private sealed class FittedEnsemble(TrainedModel model) : IFittedModel
    {
        public TrainedModel? Model => model;
        public IReadOnlyList<Prediction> Predict(Table data) => model.Predict(data);
    }

    /// <summary>The refit on the whole training part (fitted now unless given), scored on train and test with the threshold the folds chose.</summary>
    private static (CandidateResult Candidate, TrainedModel? Model) Complete(IAlgorithm algorithm, FitRequest fit, Table test, CvScore cv,
        CandidateScorer scorer, ThresholdRule? thresholdRule, IFittedModel? whole = null)
    {
        var clock = Stopwatch.StartNew();
        return Complete(algorithm.Name, fit, test, cv, scorer, thresholdRule, whole ?? Fit(algorithm, fit, "the whole training part"), clock);
    }

    private static (CandidateResult Candidate, TrainedModel? Model) Complete(string name, FitRequest fit, Table test, CvScore cv,
        CandidateScorer scorer, ThresholdRule? thresholdRule, IFittedModel refit, Stopwatch clock)
    {
        if (refit.Model is { } packaged) packaged.DecisionThreshold = cv.Threshold;
        var testPredictions = Decide(fit, thresholdRule, cv.Threshold, refit.Predict(test));
        var candidate = new CandidateResult
        {
            Algorithm = name,
            StoppedRounds = cv is { Rounds: { } rounds, RoundsParameter: { } key } ? (key, rounds) : null,
            Folds = cv.Folds,
            CvMean = cv.Mean,
            CvStd = cv.Std,
            Train = scorer.Evaluate(fit.Train, Decide(fit, thresholdRule, cv.Threshold, refit.Predict(fit.Train))),
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

    private static IReadOnlyList<Prediction> Decide(FitRequest fit, ThresholdRule? rule, double threshold, IReadOnlyList<Prediction> predictions) =>
        rule is null ? predictions : ThresholdChooser.Relabel(predictions, fit.Classes, threshold);

    // Two fits at a time: each learner trains on one thread on a 2-core machine (LightGBM on half the cores elsewhere),
    // so two keep both cores busy. Fits are independent and seeded, so the results do not depend on the order they run in.
    private const int FitsAtOnce = 2;

    /// <summary>The fit on each fold's training rows, then (last, with <paramref name="withWhole"/>) the fit on the whole
    /// training part. Cancellation stops new fits from starting; no fit is interrupted.</summary>
    private static IFittedModel[] FitParts(IAlgorithm algorithm, FitRequest fit, CvFold[] folds, bool withWhole, CancellationToken ct)
    {
        var parts = new (FitRequest Request, string Part)[folds.Length + (withWhole ? 1 : 0)];
        for (var k = 0; k < folds.Length; k++)
        {
            var foldRows = folds[k].Train;
            parts[k] = (fit with { Train = fit.Train.Take(foldRows), Weights = Pick(fit.Weights, foldRows), Encoded = Pick(fit.Encoded, foldRows), EarlyStopping = true },
                $"fold {k + 1} of {folds.Length}");
        }
        if (withWhole) parts[^1] = (fit, "the whole training part");
        var fitted = new IFittedModel[parts.Length];
        var failures = new Exception?[parts.Length];
        Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = FitsAtOnce, CancellationToken = ct }, i =>
        {
            try
            {
                fitted[i] = Fit(algorithm, parts[i].Request, parts[i].Part);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        });
        ct.ThrowIfCancellationRequested();
        // The first part that failed is reported, as it was when parts were fitted one after another.
        if (failures.FirstOrDefault(f => f is not null) is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
        return fitted;
    }

    private static double[] OutOfFold(FitRequest fit, CvFold[] folds, List<IReadOnlyList<Prediction>> predictions)
    {
        var probability = new double[fit.Train.RowCount];
        Array.Fill(probability, double.NaN);
        for (var k = 0; k < folds.Length; k++)
            for (var i = 0; i < folds[k].Validation.Length; i++) probability[folds[k].Validation[i]] = predictions[k][i].Probabilities![fit.Classes[1]];
        return probability;
    }

    private static (double Threshold, string Reason) ChooseThreshold(FitRequest fit, CvFold[] folds, List<IReadOnlyList<Prediction>> predictions, ThresholdRule rule)
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

    private static TrainingOutcome Outcome(TrainingRequest request, Labelled labelled, KeptRows kept, Table test,
        List<CandidateResult> candidates, Dictionary<string, TrainedModel> models, IProgress<string>? progress)
    {
        var primary = PrimaryMetric.For(request.Task, request.Metric);
        var ranked = Rank(candidates, primary);
        var winner = ranked[0];
        var packaged = ranked.First(c => c.Packageable);
        if (winner != packaged) progress?.Report($"the baseline scored best; packaging the best model, {packaged.Algorithm}");
        var model = models[packaged.Algorithm];
        return new TrainingOutcome
        {
            Task = request.Task,
            Target = request.Target,
            Candidates = candidates,
            Winner = winner.Algorithm,
            Model = model,
            TrainSet = kept.Rows,
            TestSet = test,
            Classes = labelled.Classes,
            PrimaryMetric = primary,
            RowsWithoutTarget = labelled.RowsWithoutTarget,
            RowsDroppedForMissing = kept.Dropped,
            RowsRemovedAsOutliers = kept.Outliers,
            // The model's own fit, except that removal bounds are the ones rows were actually removed by.
            Treatments = model.Treatments with
            {
                Numeric = model.Treatments.Numeric.Select(n => n.Outliers == OutlierMode.Remove ? kept.Removal.ForNumeric(n.Column) ?? n : n).ToList(),
            },
        };
    }

    private static float[]? CheckWeights(TrainingRequest request)
    {
        if (request.Weights is not { } weights) return null;
        if (weights.Count != request.Data.RowCount)
            throw new ArgumentException($"Expected one weight per row ({request.Data.RowCount}), found {weights.Count}.", nameof(request));
        var bad = Enumerable.Range(0, weights.Count).FirstOrDefault(i => !(double.IsFinite(weights[i]) && weights[i] >= 0), -1);
        if (bad >= 0) throw new ArgumentException($"Sample weights must be finite and 0 or more; row {bad} has {weights[bad]}.", nameof(request));
        return weights.Select(w => (float)w).ToArray();
    }

    private static T[]? Pick<T>(IReadOnlyList<T>? values, int[] rows) => values is null ? null : Array.ConvertAll(rows, r => values[r]);

    // ML.NET reports trouble (a fold without some class, a degenerate column) with its own exceptions; the user
    // gets the algorithm and the fold instead of a stack trace.
    private static IFittedModel Fit(IAlgorithm algorithm, FitRequest request, string part)
    {
        try
        {
            return algorithm.Fit(request);
        }
        catch (Exception e) when (e is not (MLCycleException or OperationCanceledException or OutOfMemoryException))
        {
            throw new MLCycleException(ErrorKind.Failed, $"Algorithm '{algorithm.Name}' failed to train on {part} ({request.Train.RowCount} rows): {e.Message}", e);
        }
    }

    // Best first; NaN scores rank last and ties keep the requested order (OrderBy is stable).
    private static List<CandidateResult> Rank(List<CandidateResult> candidates, MetricDirection primary) =>
        candidates.OrderBy(c => double.IsNaN(c.CvMean) ? double.PositiveInfinity : primary.HigherIsBetter ? -c.CvMean : c.CvMean).ToList();

    private static IReadOnlyList<string> Classes(TrainingRequest request, string[] labels)
    {
        var counts = labels.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        if (request.Task == TaskKind.Binary)
        {
            if (counts.Count != 2)
            {
                throw new MLCycleException(ErrorKind.BadSpec, $"Target column '{request.Target}' has {counts.Count} distinct values ({string.Join(", ", counts.Keys.Order(StringComparer.Ordinal).Take(10))}); a binary task needs exactly 2.");
            }
            return PositiveClassRule.Order(counts, request.PositiveClass);
        }
        if (counts.Count < 2) throw new MLCycleException(ErrorKind.BadSpec, $"Target column '{request.Target}' has only {counts.Count} distinct value(s); a multiclass task needs at least 2.");
        var numeric = counts.Keys.All(k => double.TryParse(k, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return numeric
            ? counts.Keys.OrderBy(k => double.Parse(k, CultureInfo.InvariantCulture)).ToList()
            : counts.Keys.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Evaluates predictions on a part of the data with the shared evaluator.</summary>
    private sealed class CandidateScorer(TaskKind task, string target, IReadOnlyList<string> classes)
    {
        public EvaluationResult Evaluate(Table part, IReadOnlyList<Prediction> predictions)
        {
            var column = part[target];
            if (task == TaskKind.Regression) return ModelEvaluator.Evaluate(column.Numbers!, predictions);
            var actual = column.FormatAll();
            return ModelEvaluator.Evaluate(task, actual, predictions, classes, classes.Count == 2 && task == TaskKind.Binary ? classes[1] : null);
        }
    }
}
