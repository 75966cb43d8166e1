using System.Globalization;
using System.Text.RegularExpressions;
using MLCycle.Evaluation.Fairness;
using MLCycle.Training;
using MLCycle.Yaml;
using YamlDotNet.RepresentationModel;

namespace MLCycle.Pipelines;

/// <summary>Reads the spec's <c>train</c> section (learners, folds, class weights, threshold rule, budget, trials, fair thresholds),
/// each value refused at its line when wrong.</summary>
internal static class TrainSpecReader
{
    private static readonly string[] Keys = ["algorithms", "cv", "class_weight", "threshold", "budget", "trials", "fairness"];
    private static readonly Dictionary<string, ClassWeight> ClassWeights = new() { ["none"] = ClassWeight.None, ["balanced"] = ClassWeight.Balanced };

    /// <summary>The <c>train</c> section; no section at all searches every learner with the default budget.</summary>
    public static TrainSpec Read(SpecMapping? train)
    {
        var defaults = new TrainSpec();
        // No train key at all: search every learner with the default budget (see SearchOptions.Default).
        if (train is null) return defaults with { DefaultSearch = true };
        train.RejectUnknownKeys(Keys);
        var listed = train.List("algorithms");
        var algorithms = listed ?? defaults.Algorithms;
        if (algorithms.Count == 0) throw train.Invalid("algorithms", "expected at least one algorithm, found an empty list.");
        var cv = train.Integer("cv") ?? defaults.Cv;
        if (cv is < 2 or > 20) throw train.Invalid("cv", $"expected a number of folds from 2 to 20, found {cv}.");
        var classWeight = train.Choice("class_weight", ClassWeights) ?? defaults.ClassWeight;
        var trials = train.Integer("trials");
        if (trials is < 1 or > 10_000) throw train.Invalid("trials", $"expected a number of trials from 1 to 10000, found {trials}.");
        return new TrainSpec
        {
            Algorithms = algorithms, AlgorithmsListed = listed is not null, Cv = cv, ClassWeight = classWeight, Threshold = ReadThreshold(train),
            Budget = ReadBudget(train), Trials = trials, Fairness = ReadFairness(train),
        };
    }

    // fairness: { thresholds: equal_opportunity | demographic_parity, column: sex }
    private static FairnessThresholdSpec? ReadFairness(SpecMapping train)
    {
        if (train.ValueNode("fairness") is null) return null;
        var fairness = train.RequiredSection("fairness");
        fairness.RejectUnknownKeys(["thresholds", "column"]);
        var rate = fairness.RequiredText("thresholds").Trim();
        if (!GroupThresholdChooser.Rates.Contains(rate))
            throw fairness.Invalid("thresholds", $"expected {string.Join(" or ", GroupThresholdChooser.Rates)} (the rate to equalise across groups); found {rate}.");
        return new FairnessThresholdSpec(rate, fairness.ColumnName("column", fairness.RequiredText("column")));
    }

    // budget: 90s | 2m | 1m30s | 1h | 45 (seconds)
    private static TimeSpan? ReadBudget(SpecMapping train)
    {
        if (train.Text("budget") is not { } raw) return null;
        var text = raw.Trim().ToLowerInvariant();
        var match = Regex.Match(text, @"^(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+(?:\.\d+)?)m)?\s*(?:(\d+(?:\.\d+)?)s?)?$");
        double Part(int group) => match.Groups[group].Success ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = match.Success && text.Length > 0 ? Part(1) * 3600 + Part(2) * 60 + Part(3) : 0;
        if (seconds is < 1 or > 86_400)
            throw train.Invalid("budget", $"expected a duration from 1 second to 24 hours, such as 90s, 2m or 1m30s; found {raw}.");
        return TimeSpan.FromSeconds(seconds);
    }

    // threshold: f1 | 0.35 | { cost: { fp: 1, fn: 5 } }
    private static ThresholdRule? ReadThreshold(SpecMapping train)
    {
        var node = train.ValueNode("threshold");
        if (node is null) return null;
        if (node is YamlMappingNode)
        {
            var rule = train.RequiredSection("threshold");
            rule.RejectUnknownKeys(["cost"]);
            var cost = rule.RequiredSection("cost");
            cost.RejectUnknownKeys(["fp", "fn"]);
            var fp = cost.Number("fp") ?? throw cost.Invalid("fp", "expected the cost of a false positive, such as 1.");
            var fn = cost.Number("fn") ?? throw cost.Invalid("fn", "expected the cost of a false negative, such as 5.");
            try
            {
                return ThresholdRule.Cost(fp, fn);
            }
            catch (MLCycleException e)
            {
                throw cost.Invalid("fp", e.Message);
            }
        }
        var text = train.Text("threshold")!.Trim();
        if (text.Equals("f1", StringComparison.OrdinalIgnoreCase)) return ThresholdRule.F1;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is > 0 and < 1) return ThresholdRule.Fixed(value);
        throw train.Invalid("threshold", $"expected f1, a probability between 0 and 1 (exclusive), or {{ cost: {{ fp: 1, fn: 5 }} }}; found {text}.");
    }
}
