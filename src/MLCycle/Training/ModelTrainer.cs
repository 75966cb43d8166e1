using System.Diagnostics;
using System.Globalization;
using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;
using MLCycle.Serving;
using MLCycle.Training.Algorithms;

namespace MLCycle.Training;

/// <summary>
/// Trains every requested algorithm: seeded (stratified) train/test split, k-fold cross-validation on the training
/// part, winner by the task's primary metric, refit on the whole training part, scored on train and test.
/// </summary>
public sealed class ModelTrainer
{
    public TrainingOutcome Train(TrainingRequest request, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var algorithms = AlgorithmCatalog.Resolve(request.Algorithms);
        if (algorithms.All(a => a is BaselineAlgorithm))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"Only the baseline was requested; add a model algorithm ({string.Join(", ", AlgorithmCatalog.Names.Where(n => n != "baseline"))}).");
        }
        if (!request.Data.Contains(request.Target))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"Target column '{request.Target}' is not in the data; columns are: {string.Join(", ", request.Data.Columns.Select(c => c.Name))}.");
        }
        var target = request.Data[request.Target];
        if (request.Task == TaskKind.Regression && target.Numbers is null)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"Target column '{request.Target}' is {target.Kind}; regression needs a numeric target.");
        }

        var weights = CheckWeights(request);
        var labelled = Enumerable.Range(0, target.Length).Where(r => !target.IsMissing(r)).ToArray();
        var data = labelled.Length == target.Length ? request.Data : request.Data.Take(labelled);
        if (labelled.Length != target.Length) weights = Pick(weights, labelled);
        var rowsWithoutTarget = target.Length - labelled.Length;
        if (rowsWithoutTarget > 0) progress?.Report($"{rowsWithoutTarget} row(s) without a value for '{request.Target}' left out");

        target = data[request.Target];
        var labels = request.Task == TaskKind.Regression ? null : Enumerable.Range(0, data.RowCount).Select(r => target.Format(r)!).ToArray();
        var classes = labels is null ? [] : Classes(request, labels);
        var stratify = request.Stratify && labels is not null;
        var (trainRows, testRows) = DataSplitter.Split(data.RowCount, request.TestFraction, request.Seed, stratify ? labels : null);
        var trainSet = data.Take(trainRows);
        var testSet = data.Take(testRows);
        var trainWeights = Pick(weights, trainRows);
        var dropped = 0;
        var removal = TreatmentFitter.Fit(trainSet, request.Target, request.Prepare.Treatments);
        if (request.Prepare.Missing == MissingStrategy.Drop)
        {
            // Sentinels count as missing here, as they will inside the model.
            var complete = Enumerable.Range(0, trainSet.RowCount).Where(r => trainSet.Columns.All(c => !removal.IsMissing(c, r))).ToArray();
            dropped = trainSet.RowCount - complete.Length;
            if (complete.Length == 0) throw new MLCycleException(ErrorKind.BadData, "Every training row has a missing value; the 'drop' missing-value strategy leaves nothing to train on.");
            trainSet = trainSet.Take(complete);
            trainWeights = Pick(trainWeights, complete);
            if (dropped > 0) progress?.Report($"{dropped} training row(s) with missing values dropped");
        }
        if (dropped > 0) removal = TreatmentFitter.Fit(trainSet, request.Target, request.Prepare.Treatments);
        var kept = OutlierRemover.Kept(trainSet, removal);
        var outliers = trainSet.RowCount - kept.Length;
        if (outliers > 0)
        {
            trainSet = trainSet.Take(kept);
            trainWeights = Pick(trainWeights, kept);
        }
        if (trainSet.RowCount == 0) throw new MLCycleException(ErrorKind.BadData, "Every training row is outside the outlier bounds of a column with 'remove'; nothing is left to train on.");
        if (outliers > 0) progress?.Report($"{outliers} training row(s) outside the outlier bounds removed");
        progress?.Report($"split: {trainSet.RowCount} training rows, {testSet.RowCount} test rows");

        var treatments = TreatmentFitter.Fit(trainSet, request.Target, request.Prepare.Treatments);
        var inputs = InputSchemaBuilder.Build(trainSet, request.Target, request.Prepare, treatments);
        var fit = new FitRequest { Train = trainSet, Target = request.Target, Task = request.Task, Inputs = inputs, Classes = classes, Prepare = request.Prepare, Seed = request.Seed, Weights = trainWeights };
        var trainLabels = stratify ? Enumerable.Range(0, trainSet.RowCount).Select(fit.Label).ToArray() : null;
        var folds = DataSplitter.Folds(trainSet.RowCount, request.Folds, request.Seed, trainLabels);
        var scorer = new CandidateScorer(request.Task, request.Target, classes);
        var primary = Evaluation.PrimaryMetric.For(request.Task);

        var candidates = new List<CandidateResult>();
        var models = new Dictionary<string, TrainedModel>(StringComparer.Ordinal);
        foreach (var algorithm in algorithms)
        {
            ct.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var foldResults = new List<EvaluationResult>();
            for (var k = 0; k < folds.Length; k++)
            {
                ct.ThrowIfCancellationRequested();
                var validation = new HashSet<int>(folds[k]);
                var foldRows = Enumerable.Range(0, trainSet.RowCount).Where(r => !validation.Contains(r)).ToArray();
                var foldValid = trainSet.Take(folds[k]);
                var fitted = Fit(algorithm, fit with { Train = trainSet.Take(foldRows), Weights = Pick(trainWeights, foldRows) }, $"fold {k + 1} of {folds.Length}");
                foldResults.Add(scorer.Evaluate(foldValid, fitted.Predict(foldValid)));
            }
            var refit = Fit(algorithm, fit, "the whole training part");
            var testPredictions = refit.Predict(testSet);
            var scores = foldResults.Select(f => f[primary.Key]).ToArray();
            var mean = scores.Average();
            candidates.Add(new CandidateResult
            {
                Algorithm = algorithm.Name,
                Folds = foldResults,
                CvMean = mean,
                CvStd = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / scores.Length),
                Train = scorer.Evaluate(trainSet, refit.Predict(trainSet)),
                Test = scorer.Evaluate(testSet, testPredictions),
                TestPredictions = testPredictions,
                Seconds = clock.Elapsed.TotalSeconds,
                Packageable = refit.Model is not null,
            });
            if (refit.Model is { } model) models[algorithm.Name] = model;
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{algorithm.Name}: cv {primary.Key} {mean:F4} ± {candidates[^1].CvStd:F4}, test {candidates[^1].Test[primary.Key]:F4} ({clock.Elapsed.TotalSeconds:F1} s)"));
        }

        var ranked = Rank(candidates, primary);
        var winner = ranked[0];
        var packaged = ranked.First(c => c.Packageable);
        if (winner != packaged) progress?.Report($"the baseline scored best; packaging the best model, {packaged.Algorithm}");
        return new TrainingOutcome
        {
            Task = request.Task,
            Target = request.Target,
            Candidates = candidates,
            Winner = winner.Algorithm,
            Model = models[packaged.Algorithm],
            TrainSet = trainSet,
            TestSet = testSet,
            Classes = classes,
            PrimaryMetric = primary,
            RowsWithoutTarget = rowsWithoutTarget,
            RowsDroppedForMissing = dropped,
            RowsRemovedAsOutliers = outliers,
            // The model's own fit, except that removal bounds are the ones rows were actually removed by.
            Treatments = models[packaged.Algorithm].Treatments with
            {
                Numeric = models[packaged.Algorithm].Treatments.Numeric
                    .Select(n => n.Outliers == OutlierMode.Remove ? removal.ForNumeric(n.Column) ?? n : n).ToList(),
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

    private static float[]? Pick(float[]? weights, int[] rows) => weights is null ? null : Array.ConvertAll(rows, r => weights[r]);

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
