using MLCycle.Data;
using MLCycle.Monitoring;
using MLCycle.Pipelines;
using MLCycle.Profiling.Drift;
using MLCycle.Reports;
using MLCycle.Storage;

namespace MLCycle.Tests.Pipelines;

/// <summary>The model card: written at registration, rebuilt for any version with its alias history, and honest about what is missing.</summary>
public sealed class ModelCardsTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string Problem = """
        problem:
          goal: Decide which loan applications need a second look.
          users: <b>Credit officers</b>
          constraints: [Decisions are explained to the applicant, Personal status must not decide]
          metric: ROC-AUC
          why: Officers review from the top of a ranked queue.
        """;

    private async Task<(MLCycleStore Store, RunSummary Summary)> RunAsync(string problem, string gate = "auc >= 0.75")
    {
        var spec = SpecLoader.Load(_folder.Write("mlcycle.yaml", $"""
            name: credit
            data:
              path: {CreditFiles.Csv}
              target: class
              sensitive: [personal_status]
            train: {"{"} algorithms: [linear], cv: 2 {"}"}
            evaluate:
              gates: ["{gate}"]
              slices: [housing]
            {problem}
            """));
        var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        using var input = await PipelinePreflight.CheckAsync(spec);
        return (store, await new PipelineRunner(store).RunAsync(input));
    }

    [Fact]
    public async Task BuildAsync_versionWithProblem_showsProblemIntervalsSlicesAndWhoPromotedIt()
    {
        var (store, summary) = await RunAsync(Problem);
        await using var _ = store;

        var card = await new ModelCards(store.Registry, store.Artifacts).BuildAsync("credit:1");

        Assert.Equal("Decide which loan applications need a second look.", card.Problem!.Goal);
        Assert.Equal(["Decisions are explained to the applicant", "Personal status must not decide"], card.Problem.Constraints);
        Assert.Empty(card.Missing);
        var auc = card.Metrics["roc_auc"];
        var interval = card.Intervals["roc_auc"];
        Assert.InRange(auc, interval.Lower, interval.Upper);
        Assert.True(interval.Upper - interval.Lower is > 0.01 and < 0.3, $"{interval}");
        Assert.Equal(3, card.Slices.Count);
        Assert.NotEmpty(card.Fairness);
        Assert.NotEmpty(card.Importance);
        var promoted = Assert.Single(card.History);
        Assert.Equal(("champion", 1, Environment.UserName), (promoted.Alias, promoted.ToVersion!.Value, promoted.Actor));
        Assert.Equal(summary.Promotion.Reason, promoted.Reason);
        var markdown = ModelCardWriter.Markdown(card);
        foreach (var heading in (string[])["## Problem", "## Data", "## Metrics on the test rows", "## Slices", "## Fairness", "## Importance", "## Limitations", "## Promotion decision"])
            Assert.Contains(heading, markdown);
        Assert.Contains($"fingerprint: `{card.DataFingerprint}`", markdown);
        // The run's learning curve travels with the card: two folds (cv: 2), four sizes, and its reading with the rule.
        Assert.Equal(summary.LearningCurve!.Points, card.LearningCurve!.Points);
        Assert.Equal(summary.LearningCurve.Reading, card.LearningCurve.Reading);
        Assert.Equal((2, 4), (card.LearningCurve.Folds, card.LearningCurve.Points.Count));
        Assert.Contains("## Learning curve", markdown);
        Assert.Contains(card.LearningCurve.Reading, markdown);
        Assert.Matches(@"\| roc_auc \| 0\.\d+ \| 0\.\d+ to 0\.\d+ \|", markdown);
        var html = ModelCardWriter.Html(card);
        Assert.Contains("&lt;b&gt;Credit officers&lt;/b&gt;", html);
        Assert.DoesNotContain("<b>Credit officers</b>", html);
        // The run wrote the card beside the package.
        Assert.True(File.Exists(store.Artifacts.Resolve(summary.RunId, ModelCards.MarkdownFile)));
        Assert.True(File.Exists(store.Artifacts.Resolve(summary.RunId, ModelCards.HtmlFile)));
    }

    [Fact]
    public async Task BuildAsync_versionMonitoredForDrift_statesWhatMonitoringFoundInsteadOfImportance()
    {
        var (store, _) = await RunAsync(Problem);
        await using var _s = store;
        var cards = new ModelCards(store.Registry, store.Artifacts) { Tracking = store.Tracking };
        var before = await cards.BuildAsync("credit:1");
        // Two checks of version 1: 'duration' drifts in both, 'age' in the second only; a check of another version does not count.
        await DriftHistory.RecordAsync(store.Tracking, Report(1, ("duration", 0.31), ("age", 0.05)));
        await DriftHistory.RecordAsync(store.Tracking, Report(1, ("duration", 0.42), ("age", 0.27)));
        await DriftHistory.RecordAsync(store.Tracking, Report(2, ("amount", 0.9)));

        var after = await cards.BuildAsync("credit:1");

        var guessed = Assert.Single(before.Limitations, l => l.StartsWith(ModelCards.DriftPrefix, StringComparison.Ordinal));
        Assert.EndsWith("(from feature importance: monitoring has not checked this version for drift yet)", guessed);
        var found = Assert.Single(after.Limitations, l => l.StartsWith(ModelCards.DriftPrefix, StringComparison.Ordinal));
        string today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"drift-prone (from monitoring, 2 checks from {today} to {today}): duration drifted in 2 of 2 checks, first on {today}, PSI up to 0.42; "
            + $"age drifted in 1 of 2 checks, first on {today}, PSI up to 0.27", found);
        Assert.DoesNotContain("amount", found);
    }

    private static MonitorReport Report(int version, params (string Column, double Psi)[] columns)
    {
        var features = columns.Select(c => new FeatureDrift { Name = c.Column, Kind = ColumnKind.Numeric, Psi = c.Psi, Drifted = c.Psi >= 0.2 }).ToList();
        var drift = new DriftReport
        {
            Features = features, ReferenceRows = 800, CurrentRows = 300, PsiThreshold = 0.2, AnyDrift = features.Any(f => f.Drifted),
            DriftedFeatures = features.Where(f => f.Drifted).Select(f => f.Name).ToList(),
        };
        return new MonitorReport("credit", version, "new.csv", 300, 0, drift);
    }

    [Fact]
    public async Task BuildAsync_slicesBelowTheGate_areListedAsLimitations()
    {
        var (store, _) = await RunAsync(Problem, "auc >= 0.8");
        await using var _1 = store;

        var card = await new ModelCards(store.Registry, store.Artifacts).BuildAsync("credit:1");

        var below = card.Slices.Where(s => s.Metrics.TryGetValue("roc_auc", out var v) && v < 0.8).ToList();
        Assert.NotEmpty(below);
        Assert.NotEqual(card.Slices.Count, below.Count);
        foreach (var slice in below)
            Assert.Contains(card.Limitations, l => l.StartsWith($"slice housing = {slice.Value} ", StringComparison.Ordinal) && l.Contains("misses the gate 'auc >= 0.8'", StringComparison.Ordinal));
        Assert.Equal(below.Count, card.Limitations.Count(l => l.StartsWith("slice ", StringComparison.Ordinal)));
        Assert.Contains(card.Limitations, l => l.StartsWith("drift-prone: the model leans most on ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BuildAsync_olderVersionWithoutStoredCard_namesWhatIsMissing()
    {
        var (store, summary) = await RunAsync("");
        await using var _ = store;
        File.Delete(store.Artifacts.Resolve(summary.RunId, ModelCards.JsonFile));

        var card = await new ModelCards(store.Registry, store.Artifacts).BuildAsync("credit:1");

        Assert.Null(card.Problem);
        Assert.Contains(card.Missing, m => m.StartsWith("the problem statement", StringComparison.Ordinal));
        Assert.Contains(card.Missing, m => m.StartsWith("slices and gate outcomes", StringComparison.Ordinal));
        Assert.Empty(card.Slices);
        Assert.NotEmpty(card.Intervals);
        Assert.Equal(summary.Promotion.Reason, Assert.Single(card.History).Reason);
        var markdown = ModelCardWriter.Markdown(card);
        Assert.Contains("Not stated: the spec had no `problem:` section", markdown);
        Assert.Contains("## Missing from this card", markdown);
    }
}
