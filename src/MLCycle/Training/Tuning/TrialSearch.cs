using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using MLCycle.Metrics;
using MLCycle.Training.Algorithms;

namespace MLCycle.Training.Tuning;

/// <summary>
/// Searches learners and their hyperparameters together, cheapest first: the baseline, then each learner's defaults
/// (cheapest learners first), then seeded random configurations for the learners still in the race. After every round
/// the race is halved (successive halving): a learner stays if it is in the better half or within one fold-sd of the
/// leader, and leaves at once when it is no better than the baseline. Each round gives every learner left twice the
/// trials of the round before. A budget stops the search from starting a trial that would likely overrun it, and a trial
/// still running when the budget ends stops at its next fold boundary (recorded as unfinished); no fit is interrupted.
/// </summary>
internal sealed class TrialSearch<TScore>(
    SearchOptions options, MetricDirection primary, int seed, Func<IAlgorithm, ImmutableDictionary<string, double>, CancellationToken, TScore> evaluate,
    Func<TScore, (double Mean, double Std)> measure, IProgress<string>? progress,
    Func<TScore, ImmutableDictionary<string, double>, ImmutableDictionary<string, double>>? chosen = null)
{
    // Relative seconds per fit on the same rows, measured on telco and a 40,000-row table (docs/benchmarks.md): it orders
    // the learners (ties keep the catalog's order, LightGBM first) and estimates a learner's first trial from the others'.
    // The learners Platt-calibrated by cross-fitting (averaged_perceptron, linear_svm, fastforest) fit several times.
    private static readonly Dictionary<string, double> RelativeCost = new(StringComparer.Ordinal)
    {
        ["baseline"] = 0, ["lightgbm"] = 1, ["sdca"] = 1, ["lbfgs"] = 1, ["poisson"] = 1, ["averaged_perceptron"] = 1, ["linear_svm"] = 1,
        ["fasttree"] = 1.5, ["fastforest"] = 2, ["gam"] = 3, ["mlp"] = 3,
    };

    // Hyperparameters that scale a fit's time in proportion (rounds, trees, passes).
    private static readonly string[] WorkScales = ["number_of_iterations", "number_of_trees", "maximum_number_of_iterations"];

    // A trial is not started when the time left is less than this many times its estimate.
    private const double Caution = 1.25;

    private readonly Stopwatch clock = new();
    private readonly List<Trial> trials = [];
    private readonly Dictionary<string, (Trial Trial, TScore Score, ImmutableDictionary<string, double> Values)> best = new(StringComparer.Ordinal);
    private readonly List<string> notes = [];
    private readonly Dictionary<string, IAlgorithm> learnersByName = new(StringComparer.Ordinal);
    private readonly List<(string Algorithm, double Seconds, double Work)> costs = [];
    private double baselineScore = double.NaN;
    private string? stopped;
    // Cancelled by the caller or when the budget ends; trials check it between folds.
    private CancellationTokenSource? deadline;
    private bool modelScored;

    /// <summary>A learner the search keeps for the final refit: its best configuration and how it cross-validated.</summary>
    public sealed record Finalist(IAlgorithm Algorithm, ImmutableDictionary<string, double> Values, TScore Score, Trial Trial);

    public (SearchReport Report, IReadOnlyList<Finalist> Finalists) Run(IReadOnlyList<IAlgorithm> algorithms, CancellationToken ct)
    {
        if (options.Budget is null && options.Trials is null) throw new ArgumentException("A search needs a budget, a number of trials, or both.", nameof(options));
        clock.Start();
        deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (options.Budget is { } budget) deadline.CancelAfter(budget);
        var baseline = algorithms.FirstOrDefault(a => a is BaselineAlgorithm);
        var learners = algorithms.Where(a => a is not BaselineAlgorithm)
            .OrderBy(a => Cost(a)).ThenBy(a => AlgorithmCatalog.Names.ToList().IndexOf(a.Descriptor.Name)).ToList();
        if (baseline is not null && TryRun(baseline, ImmutableDictionary<string, double>.Empty, ct) && best.TryGetValue(baseline.Name, out var b))
            baselineScore = b.Trial.CvMean;
        var alive = new List<IAlgorithm>();
        foreach (var learner in learners)
        {
            if (stopped is not null) break;
            if (TryRun(learner, ImmutableDictionary<string, double>.Empty, ct) && best.ContainsKey(learner.Name)) alive.Add(learner);
        }
        var randoms = learners.Select((l, i) => (l.Name, Random: new Random(unchecked(seed * 7919 + i)))).ToDictionary(p => p.Name, p => p.Random, StringComparer.Ordinal);
        for (var round = 1; alive.Count > 0 && stopped is null; round++)
        {
            alive = Halve(alive, round - 1);
            var perLearner = 1 << Math.Min(round, 10);
            for (var i = 0; i < perLearner && alive.Count > 0 && stopped is null; i++)
            {
                foreach (var learner in alive.ToList())
                {
                    if (stopped is not null) break;
                    if (!TryRun(learner, ConfigurationSampler.Sample(learner.Descriptor, randoms[learner.Name]), ct))
                    {
                        alive.Remove(learner);
                        if (stopped is null) notes.Add($"{learner.Name} stopped: its next trial would overrun the budget");
                    }
                }
            }
        }
        stopped ??= "every learner was dropped or out of time";
        deadline.Dispose();
        deadline = null;
        return (Report(), Finalists(baseline));
    }

    // False when the trial was not started because it would likely overrun the budget.
    private bool TryRun(IAlgorithm algorithm, ImmutableDictionary<string, double> values, CancellationToken ct)
    {
        if (options.Trials is { } limit && trials.Count >= limit)
        {
            stopped = $"{limit} trials run";
            return true;
        }
        var work = Cost(algorithm) * Work(algorithm.Descriptor, values);
        // Until a model has a score the budget neither skips nor stops a model's trial: a run always finds one model, and
        // on data where one trial outlasts the budget (wide tables, tiny budgets) the search says it overran.
        var mustFinish = !modelScored && algorithm is not BaselineAlgorithm;
        if (!mustFinish && options.Budget is { } budget && (clock.Elapsed >= budget || Estimate(algorithm.Name, work) is { } estimate && clock.Elapsed.TotalSeconds + Caution * estimate > budget.TotalSeconds))
        {
            if (clock.Elapsed >= budget) stopped = "budget spent";
            return false;
        }
        ct.ThrowIfCancellationRequested();
        var start = clock.Elapsed;
        var trial = new Trial { Number = trials.Count + 1, Algorithm = algorithm.Name, Hyperparameters = values, Seconds = 0 };
        try
        {
            var score = evaluate(algorithm, values, mustFinish ? ct : deadline!.Token);
            var (mean, std) = measure(score);
            // What the fits chose themselves (boosting rounds by early stopping) is recorded, and the finalist's refit trains it.
            values = chosen?.Invoke(score, values) ?? values;
            trial = trial with { Hyperparameters = values, CvMean = mean, CvStd = std, Seconds = (clock.Elapsed - start).TotalSeconds };
            modelScored |= algorithm is not BaselineAlgorithm;
            if (mustFinish && options.Budget is { } spent && clock.Elapsed > spent)
                notes.Add($"the first model trial ({algorithm.Name}) ran to its end past the budget, so the run has a model");
            if (!best.TryGetValue(algorithm.Name, out var held) || Better(mean, held.Trial.CvMean)) best[algorithm.Name] = (trial, score, values);
        }
        catch (MLCycleException e) when (e.Kind == ErrorKind.Failed)
        {
            // A configuration ML.NET rejects is a failed trial, not a failed run.
            trial = trial with { Error = e.Message, Seconds = (clock.Elapsed - start).TotalSeconds };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            trial = trial with { Error = "unfinished: the budget ended during its folds", Seconds = (clock.Elapsed - start).TotalSeconds };
            stopped = "budget spent";
        }
        if (work > 0) costs.Add((algorithm.Name, trial.Seconds, work));
        trials.Add(trial);
        progress?.Report(Line(trial));
        return true;
    }

    private List<IAlgorithm> Halve(List<IAlgorithm> alive, int round)
    {
        var ranked = alive.OrderBy(a => Rank(best[a.Name].Trial.CvMean)).ToList();
        if (ranked.Count == 0) return ranked;
        var leader = best[ranked[0].Name].Trial;
        var after = round == 0 ? "its defaults" : $"round {round}";
        var keep = new List<IAlgorithm> { ranked[0] };
        for (var i = 1; i < ranked.Count; i++)
        {
            var own = best[ranked[i].Name].Trial.CvMean;
            if (!double.IsNaN(baselineScore) && !Better(own, baselineScore))
                notes.Add($"{ranked[i].Name} dropped after {after}: no better than the baseline");
            else if (i < (ranked.Count + 1) / 2 || Math.Abs(own - leader.CvMean) <= leader.CvStd)
                keep.Add(ranked[i]);
            else
                notes.Add($"{ranked[i].Name} dropped after {after}: behind {ranked[0].Name}");
        }
        return keep;
    }

    private IReadOnlyList<Finalist> Finalists(IAlgorithm? baseline)
    {
        var models = best.Where(b => b.Key != baseline?.Name).OrderBy(b => Rank(b.Value.Trial.CvMean)).Take(options.Finalists).Select(b => b.Key).ToList();
        if (models.Count == 0)
        {
            var failure = trials.FirstOrDefault(t => t.Failed)?.Error;
            throw new MLCycleException(ErrorKind.Failed, failure is null
                ? "The search ran no model trial within its budget; give it more time (train.budget) or trials (train.trials)."
                : $"Every model trial failed; the first failure: {failure}");
        }
        if (baseline is not null && best.ContainsKey(baseline.Name)) models.Add(baseline.Name);
        return models.Select(name => new Finalist(Find(name, baseline), best[name].Values, best[name].Score, best[name].Trial)).ToList();
    }

    private IAlgorithm Find(string name, IAlgorithm? baseline) => name == baseline?.Name ? baseline : learnersByName[name];

    private SearchReport Report()
    {
        var elapsed = clock.Elapsed;
        var failed = trials.Count(t => t.Failed);
        var text = string.Create(CultureInfo.InvariantCulture, $"{trials.Count} trial(s){(failed > 0 ? $" ({failed} failed or unfinished)" : "")} in {elapsed.TotalSeconds:F1} s");
        if (options.Budget is { } budget)
        {
            var within = elapsed.TotalSeconds <= budget.TotalSeconds * 1.1 ? "within" : "over";
            text += string.Create(CultureInfo.InvariantCulture, $" of a {budget.TotalSeconds:0.#} s budget, {within} it (+10%)");
        }
        text += $"; stopped: {stopped}";
        if (notes.Count > 0) text += $"; {string.Join("; ", notes)}";
        return new SearchReport { Trials = trials, Budget = options.Budget, BudgetReason = options.BudgetReason, Elapsed = elapsed, Summary = text + "." };
    }

    private double Cost(IAlgorithm algorithm)
    {
        learnersByName[algorithm.Name] = algorithm;
        return RelativeCost.GetValueOrDefault(algorithm.Descriptor.Name, 2);
    }

    // Half of a fit's time is taken as fixed (encoding, preparation, calibration), half as growing with rounds or trees.
    private static double Work(AlgorithmDescriptor descriptor, ImmutableDictionary<string, double> values)
    {
        var scale = 1.0;
        foreach (var h in descriptor.Hyperparameters)
        {
            if (WorkScales.Contains(h.Name) && h.Default is { } d && d > 0 && values.TryGetValue(h.Name, out var v)) scale *= v / d;
        }
        return 0.5 + 0.5 * scale;
    }

    // Seconds per unit of work: the learner's own trials once it has run, else every learner's so far (the median, so one
    // slow outlier does not stop the search); null before any model ran.
    private double? Estimate(string algorithm, double work)
    {
        if (costs.Count == 0 || work == 0) return null;
        var own = costs.Where(c => c.Algorithm == algorithm).ToList();
        var rates = (own.Count > 0 ? own : costs).Select(c => c.Seconds / c.Work).Order().ToList();
        return rates[rates.Count / 2] * work;
    }

    private bool Better(double score, double than) =>
        !double.IsNaN(score) && (double.IsNaN(than) || (primary.HigherIsBetter ? score > than : score < than));

    private double Rank(double score) => double.IsNaN(score) ? double.PositiveInfinity : primary.HigherIsBetter ? -score : score;

    private string Line(Trial trial)
    {
        var leader = best.Values.Where(b => b.Trial.Algorithm != "baseline").OrderBy(b => Rank(b.Trial.CvMean)).Select(b => b.Trial).FirstOrDefault();
        var result = trial.Failed
            ? $"failed: {trial.Error}"
            : string.Create(CultureInfo.InvariantCulture, $"cv {primary.Key} {trial.CvMean:F4} ± {trial.CvStd:F4}");
        var of = options.Trials is { } n ? $"/{n}" : "";
        var bestSoFar = leader is null ? "" : string.Create(CultureInfo.InvariantCulture, $" | best {leader.CvMean:F4} {leader.Algorithm} (trial {leader.Number})");
        return string.Create(CultureInfo.InvariantCulture,
            $"trial {trial.Number}{of} {trial.Algorithm} [{trial.Describe()}]: {result} ({trial.Seconds:F1} s){bestSoFar}");
    }
}
