using System.Globalization;
using System.Text;
using MLCycle.Profiling;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling;

public sealed class TargetAnalysisTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly DatasetProfiler _profiler = new();

    public void Dispose() => _temp.Dispose();

    private async Task<DatasetProfile> ProfileAsync(string csv, ProfileOptions? options = null) =>
        await _profiler.ProfileAsync(_temp.Write("data.csv", csv), null, options ?? new ProfileOptions());

    private static double Value(DatasetProfile profile, string left, string right, string method) =>
        profile.Correlations.Single(c => c.Left == left && c.Right == right && c.Method == method).Value;

    // 100 customers, every 20th churns (5 %); status gives churn away, churn_copy is the target itself, noise is noise.
    private static string Churn()
    {
        var text = new StringBuilder("noise,status,churn_copy,churn\n");
        for (var r = 1; r <= 100; r++)
        {
            var churn = r % 20 == 0 ? "churned" : "retained";
            text.Append(CultureInfo.InvariantCulture, $"{(r % 2 == 0 ? "a" : "b")},{(churn == "churned" ? "left" : "stayed")},{churn},{churn}\n");
        }
        return text.ToString();
    }

    [Fact]
    public async Task ProfileAsync_rare_class_is_imbalance_and_balance_is_reported()
    {
        var profile = await ProfileAsync(Churn(), new ProfileOptions { Target = "churn" });

        Assert.Equal("churn", profile.Target);
        Assert.Equal([new ValueCount("retained", 95), new ValueCount("churned", 5)], profile.TargetBalance);
        var issue = profile.Issues.Single(i => i.Kind == DataIssueKinds.ClassImbalance);
        Assert.Equal(("churn", 5L), (issue.Column, issue.Count));
        Assert.Equal([20L, 40L, 60L, 80L, 100L], issue.Examples.Select(e => e.Row));
        Assert.Equal(19, issue.Details!["majority_to_minority"], 12);
    }

    [Fact]
    public async Task ProfileAsync_feature_mapping_to_one_class_and_a_copy_of_the_target_are_leakage()
    {
        var profile = await ProfileAsync(Churn(), new ProfileOptions { Target = "churn" });

        var leaks = profile.Issues.Where(i => i.Kind == DataIssueKinds.PossibleLeakage).ToList();
        Assert.Equal(["churn_copy", "status"], leaks.Select(i => i.Column).Order());
        Assert.Contains("equals the target", leaks.Single(i => i.Column == "churn_copy").Message, StringComparison.Ordinal);
        Assert.Equal(1.0, leaks.Single(i => i.Column == "status").Details!["purity"]);
    }

    [Fact]
    public async Task ProfileAsync_without_a_target_reports_no_target_issues()
    {
        var profile = await ProfileAsync(Churn());

        Assert.Null(profile.Target);
        Assert.Null(profile.TargetBalance);
        Assert.DoesNotContain(profile.Issues, i => i.Kind is DataIssueKinds.PossibleLeakage or DataIssueKinds.ClassImbalance);
    }

    [Fact]
    public async Task ProfileAsync_numeric_feature_almost_equal_to_a_numeric_target_is_leakage()
    {
        var text = new StringBuilder("x2,z,y\n");
        for (var r = 1; r <= 30; r++) text.Append(CultureInfo.InvariantCulture, $"{2 * r + 1},{(r * 7919) % 31},{r}\n");
        var profile = await ProfileAsync(text.ToString(), new ProfileOptions { Target = "y" });

        var leak = Assert.Single(profile.Issues, i => i.Kind == DataIssueKinds.PossibleLeakage);
        Assert.Equal("x2", leak.Column);
        Assert.Equal(1.0, leak.Details!["pearson"], 12);
        Assert.Null(profile.TargetBalance);
    }

    [Fact]
    public async Task ProfileAsync_continuous_feature_separating_the_classes_is_leakage_through_its_bins()
    {
        // score = row + 0.5 splits pos (rows 1..100) from neg exactly at a bin edge; noise shuffles the rows over the bins.
        var text = new StringBuilder("score,noise,label\n");
        for (var r = 1; r <= 200; r++)
            text.Append(CultureInfo.InvariantCulture, $"{r + 0.5},{(r * 37) % 200},{(r <= 100 ? "pos" : "neg")}\n");
        var profile = await ProfileAsync(text.ToString(), new ProfileOptions { Target = "label" });

        var leak = Assert.Single(profile.Issues, i => i.Kind == DataIssueKinds.PossibleLeakage);
        Assert.Equal("score", leak.Column);
        Assert.Equal((1.0, 0.5), (leak.Details!["purity"], leak.Details!["majority_share"]));
    }

    [Fact]
    public async Task ProfileAsync_pearson_and_spearman_match_hand_computed_values()
    {
        // Pearson 6 / sqrt(10 x 6); Spearman with b's average ranks 1, 2.5, 4.5, 2.5, 4.5: 7 / sqrt(10 x 9).
        var profile = await ProfileAsync("a,b\n1,2\n2,4\n3,5\n4,4\n5,5\n");

        Assert.Equal(6 / Math.Sqrt(60), Value(profile, "a", "b", "pearson"), 12);
        Assert.Equal(7 / Math.Sqrt(90), Value(profile, "a", "b", "spearman"), 12);
    }

    [Fact]
    public async Task ProfileAsync_cramers_v_matches_hand_computed_value()
    {
        // Table x: p2 q1, y: p1 q2; every expected count is 1.5, chi-square 4 x 0.25 / 1.5 = 2/3, V = sqrt(2/3 / 6) = 1/3.
        var profile = await ProfileAsync("g,h\nx,p\nx,p\ny,q\ny,q\ny,p\nx,q\n");

        Assert.Equal(1.0 / 3, Value(profile, "g", "h", "cramers_v"), 12);
    }

    [Fact]
    public async Task ProfileAsync_eta_of_a_numeric_feature_by_class_matches_hand_computed_value()
    {
        // Groups A: 1, 3 (mean 2), B: 5, 7 (mean 6); total mean 4. Between 2 x 4 + 2 x 4 = 16, total 9 + 1 + 1 + 9 = 20.
        var profile = await ProfileAsync("v,cls\n1,A\n3,A\n5,B\n7,B\n", new ProfileOptions { Target = "cls" });

        Assert.Equal(Math.Sqrt(16.0 / 20), Value(profile, "v", "cls", "eta"), 12);
    }

    [Fact]
    public async Task ProfileAsync_unknown_target_key_or_sensitive_column_is_a_spec_error_naming_it()
    {
        var path = _temp.Write("data.csv", "a,b\n1,2\n");

        foreach (var options in new[] { new ProfileOptions { Target = "y" }, new ProfileOptions { Keys = ["y"] }, new ProfileOptions { Sensitive = ["y"] } })
        {
            var e = await Assert.ThrowsAsync<MLCycleException>(() => _profiler.ProfileAsync(path, null, options));
            Assert.Equal(ErrorKind.BadSpec, e.Kind);
            Assert.Contains("'y' is not a column of", e.Message, StringComparison.Ordinal);
            Assert.Contains("its columns are a, b", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ProfileAsync_sensitive_column_values_are_redacted_in_examples()
    {
        var profile = await ProfileAsync("email,v\nx@a.org,1\nx@a.org,2\n", new ProfileOptions { Keys = ["email"], Sensitive = ["email"] });

        var issue = Assert.Single(profile.Issues, i => i.Kind == DataIssueKinds.DuplicateKeys);
        Assert.Equal([new IssueExample(2, "<redacted>")], issue.Examples);
    }

    [Fact]
    public async Task ProfileAsync_penguins_has_no_mixed_types_inconsistent_categories_leakage_or_imbalance()
    {
        var profile = await _profiler.ProfileAsync(RepoFiles.Example("penguins", "penguins.csv"), null, new ProfileOptions { Target = "species" });

        Assert.DoesNotContain(profile.Issues, i => i.Kind is DataIssueKinds.MixedTypes or DataIssueKinds.InconsistentCategories
            or DataIssueKinds.PossibleLeakage or DataIssueKinds.ClassImbalance or DataIssueKinds.DuplicateRows or DataIssueKinds.SentinelValues);
        Assert.Equal([new ValueCount("Adelie", 152), new ValueCount("Gentoo", 124), new ValueCount("Chinstrap", 68)], profile.TargetBalance);
        // Flipper length and body mass are strongly correlated in the published data (r = 0.871).
        Assert.Equal(0.871, profile.Correlations.Single(c => c.Left == "flipper_length_mm" && c.Right == "body_mass_g" && c.Method == "pearson").Value, 3);
    }
}
