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
        var labelled = TrainingRows.LabelledRows(request, progress);
        var (train, test, splitDescription, testRows) = TrainingRows.Split(request, labelled);
        var kept = TrainingRows.RemoveRows(request, train, progress);
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
                (algorithm, values, deadline) => CrossValidation.Score(algorithm, fit with { Hyperparameters = values }, folds, scorer, primary, ThresholdFor(request, algorithm), deadline),
                score => (score.Mean, score.Std), progress, CrossValidation.WithRounds).Run(algorithms, ct);
            progress?.Report($"search: {report.Summary}");
            var blendable = new List<(CandidateResult Candidate, TrainedModel Model, CvScore Score)>();
            var refitFailures = new List<string>();
            foreach (var f in finalists)
            {
                CandidateResult candidate;
                TrainedModel? model;
                try
                {
                    (candidate, model) = CrossValidation.Complete(f.Algorithm, fit with { Hyperparameters = f.Values }, test, f.Score, scorer, ThresholdFor(request, f.Algorithm));
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
                var (candidate, model) = CrossValidation.CrossValidate(algorithm, fit, test, folds, scorer, primary, ThresholdFor(request, algorithm), ct, foldModels);
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

    private static FitRequest FitRequestFor(TrainingRequest request, TrainingRows.KeptRows kept, IReadOnlyList<string> classes)
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
            return CrossValidation.ScorePredictions(fit, folds, blended, scorer, primary, thresholdRule, clock);
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
        var (candidate, _) = CrossValidation.Complete(TrainedModel.EnsembleName, fit, test, cv with { Seconds = 0 }, scorer, thresholdRule, new FittedEnsemble(model), clock);
        var trial = new Trial { Number = number, Algorithm = TrainedModel.EnsembleName, Hyperparameters = shares, CvMean = cv.Mean, CvStd = cv.Std, Seconds = clock.Elapsed.TotalSeconds };
        return (candidate with { Hyperparameters = shares, Trial = number }, model, trial);
    }

    private sealed class FittedEnsemble(TrainedModel model) : IFittedModel
    {
        public TrainedModel? Model => model;
        public IReadOnlyList<Prediction> Predict(Table data) => model.Predict(data);
    }

    private static TrainingOutcome Outcome(TrainingRequest request, TrainingRows.Labelled labelled, TrainingRows.KeptRows kept, Table test,
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

    // Best first; NaN scores rank last and ties keep the requested order (OrderBy is stable).
    private static List<CandidateResult> Rank(List<CandidateResult> candidates, MetricDirection primary) =>
        candidates.OrderBy(c => double.IsNaN(c.CvMean) ? double.PositiveInfinity : primary.HigherIsBetter ? -c.CvMean : c.CvMean).ToList();

}
