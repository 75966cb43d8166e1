using System.Diagnostics;
using System.Globalization;
using MLCycle.Metrics;
using MLCycle.Training.Algorithms;

namespace MLCycle.Training;

public sealed partial class ModelTrainer
{
    /// <summary>Training parts up to this many rows get four sizes, larger ones three; the full size reuses the cross-validation's fold models.</summary>
    public const int ManySizesUpToRows = 20_000;

    /// <summary>The curve is fitted on the first this-many folds of the run's cross-validation.</summary>
    public const int CurveFolds = 3;

    /// <summary>A size whose fold sample would hold fewer rows than this is left off the curve.</summary>
    private const int MinimumCurveRows = 20;

    /// <summary>The shares of each fold's training rows the curve is fitted on, smallest first.</summary>
    public static IReadOnlyList<double> CurveShares(int rows) => rows <= ManySizesUpToRows ? [0.1, 0.25, 0.5, 1.0] : [0.25, 0.5, 1.0];

    /// <summary>
    /// The chosen learner refitted on growing seeded samples of the first folds' training rows (stratified by class when the
    /// split is), scored on each sample and on the fold's validation rows with the run's threshold: the learning curve.
    /// </summary>
    private static LearningCurve Curve(IAlgorithm algorithm, FitRequest fit, CvFold[] folds, bool stratify, CandidateScorer scorer, MetricDirection primary,
        ThresholdRule? thresholdRule, double threshold, IFittedModel[]? cvModels, IProgress<string>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var used = folds.Take(CurveFolds).ToArray();
        var points = new List<LearningCurvePoint>();
        foreach (var share in CurveShares(fit.Train.RowCount))
        {
            ct.ThrowIfCancellationRequested();
            var samples = used.Select((f, k) => new CvFold(Sample(fit, f.Train, share, stratify, fit.Seed + k), f.Validation)).ToArray();
            if (samples.Any(s => s.Train.Length < MinimumCurveRows)) continue;
            // All of a fold's rows is what cross-validation fitted: its models are scored again, not refitted.
            var fitted = share >= 1 && cvModels is not null ? cvModels : FoldFits.FitParts(algorithm, fit, samples, withWhole: false, ct);
            var train = samples.Select((s, k) => Score(fit, s.Train, fitted[k], scorer, primary, thresholdRule, threshold)).ToArray();
            var validation = samples.Select((s, k) => Score(fit, s.Validation, fitted[k], scorer, primary, thresholdRule, threshold)).ToArray();
            points.Add(new LearningCurvePoint(share, (int)Math.Round(samples.Average(s => s.Train.Length)), Mean(train), Sd(train), Mean(validation), Sd(validation)));
        }
        var curve = new LearningCurve
        {
            Algorithm = algorithm.Name, Metric = primary.Key, HigherIsBetter = primary.HigherIsBetter, Folds = used.Length, Points = points,
            Reading = LearningCurve.Read(points, primary.Key, primary.HigherIsBetter), Seconds = clock.Elapsed.TotalSeconds,
        };
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"learning curve: {points.Count} sizes on {used.Length} folds ({curve.Seconds:F1} s)"));
        return curve;
    }

    private static double Score(FitRequest fit, int[] rows, IFittedModel model, CandidateScorer scorer, MetricDirection primary, ThresholdRule? rule, double threshold)
    {
        var part = fit.Train.Take(rows);
        return scorer.Evaluate(part, CandidateScorer.Decide(fit, rule, threshold, model.Predict(part)))[primary.Key];
    }

    // Each class keeps its share of the rows (at least one row), so a small sample still holds every class the fold has.
    private static int[] Sample(FitRequest fit, int[] rows, double share, bool stratify, int seed)
    {
        if (share >= 1) return rows;
        var random = new Random(seed);
        var groups = stratify ? rows.GroupBy(fit.Label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray())
            : [rows];
        var taken = new List<int>();
        foreach (var group in groups)
        {
            var shuffled = group.ToArray();
            random.Shuffle(shuffled);
            taken.AddRange(shuffled.Take(Math.Max(1, (int)Math.Round(group.Length * share))));
        }
        taken.Sort();
        return [.. taken];
    }

    private static double Mean(double[] values) => values.Average();

    private static double Sd(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
