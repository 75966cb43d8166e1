using System.Text.RegularExpressions;
using MLCycle.Reports;

namespace MLCycle.Tests.Reports;

public class HtmlReportWriterTests
{
    [Fact]
    public void Render_binary_report_has_every_section()
    {
        string html = HtmlReportWriter.Render(SampleReports.Binary());

        foreach (var id in new[] { "summary", "profile", "candidates", "metrics", "confusion", "roc", "gates" })
            Assert.Contains($"<section id=\"{id}\">", html);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.EndsWith("</html>\n", html);
    }

    [Fact]
    public void Render_binary_report_shows_metrics_against_baseline_with_lift()
    {
        string html = HtmlReportWriter.Render(SampleReports.Binary());

        // auc 7/9 = 0.7778 against 0.5 -> lift +55.6%.
        Assert.Contains("<tr><td>auc</td><td class=\"num\">0.7778</td><td class=\"num\">0.5</td><td class=\"num better\">+0.2778</td><td class=\"num better\">+55.6%</td></tr>", html);
        Assert.Contains("auc 0.7778 on the test set (baseline 0.5, lift +55.6%)", html);
        Assert.Contains("<tr><td>pr_auc</td><td class=\"num\">0.8056</td>", html); // 29/36
    }

    [Fact]
    public void Render_binary_report_summarises_model_winner_decision_and_verdict()
    {
        string html = HtmlReportWriter.Render(SampleReports.Binary());

        Assert.Contains("<dt>Model</dt><dd>churn v3</dd>", html);
        Assert.Contains("<dt>Task</dt><dd>binary classification</dd>", html);
        Assert.Contains("<dt>Winner</dt><dd>LightGbm", html);
        Assert.Contains("<strong>rejected: 1 quality gate failed</strong>", html);
        Assert.Contains("<span class=\"badge good\">Good</span> Good fit: test auc 0.77778 beats the baseline&#39;s 0.5", html);
        Assert.Contains("2 of 3 passed", html);
        Assert.Contains("2026-11-23 12:00:00 UTC", html);
    }

    [Fact]
    public void Render_highlights_the_winning_candidate()
    {
        string html = HtmlReportWriter.Render(SampleReports.Binary());

        Assert.Contains("<tr class=\"winner\"><td>LightGbm ★ winner</td><td class=\"num\">0.79 ± 0.015</td>", html);
        Assert.Contains("<tr><td>FastTree</td>", html);
        Assert.Contains("<td class=\"num\">8.4</td></tr>", html);
    }

    [Fact]
    public void Render_confusion_matrix_shades_counts_by_actual_class_share()
    {
        string html = HtmlReportWriter.Render(SampleReports.Binary());

        // [[TN 2, FP 1], [FN 1, TP 2]]: each row is 2/3 and 1/3.
        Assert.Contains("<tr><th>No</th><td style=\"background:rgba(37,99,235,0.67);color:#fff\">2</td><td style=\"background:rgba(37,99,235,0.33);color:inherit\">1</td></tr>", html);
    }

    [Fact]
    public void Render_binary_report_draws_roc_curve_as_inline_svg()
    {
        string html = HtmlReportWriter.Render(SampleReports.Binary());

        Assert.Contains("aria-label=\"ROC curve, AUC 0.7778\"", html);
        var curve = Regex.Match(html, "<polyline class=\"curve\" points=\"([^\"]*)\"");
        Assert.True(curve.Success);
        Assert.Equal(7, curve.Groups[1].Value.Trim().Split(' ').Length);
    }

    [Fact]
    public void Render_long_roc_curve_is_thinned()
    {
        var scores = Enumerable.Range(0, 10_000).Select(i => i / 10_000.0).ToArray();
        var test = MLCycle.Metrics.BinaryMetrics.Compute(scores.Select(s => s > 0.3).ToArray(), scores, "n", "p");
        var report = SampleReports.Binary() with { Test = test };

        string html = HtmlReportWriter.Render(report);

        int points = Regex.Match(html, "<polyline class=\"curve\" points=\"([^\"]*)\"").Groups[1].Value.Trim().Split(' ').Length;
        Assert.Equal(10_001, test.Roc.Count);
        Assert.InRange(points, HtmlReportWriter.MaxPlottedPoints / 2, HtmlReportWriter.MaxPlottedPoints + 1);
    }

    [Fact]
    public void Render_single_class_test_set_shows_nan_auc_as_not_available_and_no_roc()
    {
        var test = MLCycle.Metrics.BinaryMetrics.Compute([true, true], [0.9, 0.4], "n", "p");
        var report = SampleReports.Binary() with { Test = test, Gates = [] };

        string html = HtmlReportWriter.Render(report);

        Assert.Contains("<tr><td>auc</td><td class=\"num\">n/a</td>", html);
        Assert.DoesNotContain("<section id=\"roc\">", html);
    }

    [Fact]
    public void Render_gates_show_pass_and_fail()
    {
        string html = HtmlReportWriter.Render(SampleReports.Binary());

        Assert.Contains("<tr><td><code>auc &gt;= 0.7</code></td><td>auc &gt;= 0.7</td><td class=\"num\">0.7778</td><td><span class=\"badge pass\">PASS</span></td></tr>", html);
        Assert.Contains("<tr><td><code>f1 &gt;= 0.9</code></td><td>f1 &gt;= 0.9</td><td class=\"num\">0.6667</td><td><span class=\"badge fail\">FAIL</span></td></tr>", html);
    }

    [Fact]
    public void Render_profile_lists_columns_with_statistics_and_histogram()
    {
        string html = HtmlReportWriter.Render(SampleReports.Binary());

        Assert.Contains("<dt>Rows</dt><dd>1,000</dd>", html);
        Assert.Contains("<dt>Duplicate rows</dt><dd>3</dd>", html);
        Assert.Contains("<dt>Constant columns</dt><dd>country</dd>", html);
        Assert.Contains("mean 32.4, std 24.6, min 0, max 72", html);
        Assert.Contains("10 <span class=\"note\">(1.0%)</span>", html);
        Assert.Contains("aria-label=\"histogram of tenure\"", html);
        Assert.Equal(4, Regex.Matches(Regex.Match(html, "<svg[^>]*class=\"spark\".*?</svg>").Value, "<rect ").Count);
    }

    [Fact]
    public void Render_escapes_column_names_and_category_values()
    {
        string html = HtmlReportWriter.Render(SampleReports.Binary());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>bold</b>", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; (600), plain &amp; simple (400)", html);
    }

    [Fact]
    public void Render_escapes_names_from_the_run_itself()
    {
        var report = SampleReports.Binary() with { Title = "<i>t</i>", ModelName = "<img src=x>", Decision = "<u>d</u>" };

        string html = HtmlReportWriter.Render(report);

        Assert.DoesNotContain("<i>t</i>", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<u>", html);
        Assert.Contains("<title>&lt;i&gt;t&lt;/i&gt;</title>", html);
    }

    [Fact]
    public void Render_uses_no_scripts_or_external_assets()
    {
        string html = HtmlReportWriter.Render(SampleReports.Binary());

        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain(" src=", html);
        Assert.DoesNotContain("url(", html);
        var urls = Regex.Matches(html, "https?://[^\"]+").Select(m => m.Value).Distinct();
        Assert.Equal(["http://www.w3.org/2000/svg"], urls);
    }

    [Fact]
    public void Render_regression_report_plots_predicted_against_actual_and_residuals()
    {
        string html = HtmlReportWriter.Render(SampleReports.Regression(50));

        Assert.Contains("<section id=\"residuals\">", html);
        Assert.DoesNotContain("<section id=\"confusion\">", html);
        Assert.DoesNotContain("<section id=\"roc\">", html);
        Assert.Equal(50, Regex.Matches(html, "<circle ").Count);
        Assert.Contains("aria-label=\"Residuals of 50 test rows\"", html);
        Assert.Contains("<dt>Task</dt><dd>regression</dd>", html);
        Assert.Contains("<tr><td>rmse</td>", html);
    }

    [Fact]
    public void Render_lower_is_better_metric_marks_a_smaller_model_error_as_better()
    {
        string html = HtmlReportWriter.Render(SampleReports.Regression(50));

        Assert.Matches("<tr><td>rmse</td><td class=\"num\">[0-9.]+</td><td class=\"num\">[0-9.]+</td><td class=\"num better\">-[0-9.]+</td><td class=\"num better\">\\+[0-9.]+%</td></tr>", html);
    }

    [Fact]
    public void Render_many_residuals_are_thinned_to_keep_the_page_small()
    {
        string html = HtmlReportWriter.Render(SampleReports.Regression(20_000));

        Assert.InRange(Regex.Matches(html, "<circle ").Count, 1900, HtmlReportWriter.MaxPlottedPoints + 1);
        Assert.InRange(html.Length, 1, 250_000);
    }

    [Fact]
    public void Render_without_profile_candidates_or_gates_says_so()
    {
        string html = HtmlReportWriter.Render(SampleReports.Regression(10));

        Assert.Contains("No profile of the training data was recorded", html);
        Assert.Contains("No candidate table was recorded", html);
        Assert.Contains("No quality gates were set", html);
    }

    [Fact]
    public void Render_multiclass_report_shows_per_class_scores_without_roc()
    {
        var test = MLCycle.Metrics.MulticlassMetrics.Compute([0, 1, 2], [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.5, 0.3, 0.2]], ["Adelie", "Chinstrap", "Gentoo"]);
        var report = new RunReport { Title = "Penguins", RunId = "r", ModelName = "p", Task = TaskKind.Multiclass, Test = test };

        string html = HtmlReportWriter.Render(report);

        Assert.Contains("<tr><td>Gentoo</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">1</td></tr>", html);
        Assert.Contains("<section id=\"confusion\">", html);
        Assert.DoesNotContain("<section id=\"roc\">", html);
    }

    [Fact]
    public async Task WriteAsync_writes_the_page_and_leaves_no_temporary_file()
    {
        string dir = Path.Combine(Path.GetTempPath(), "mlcycle-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Path.Combine(dir, "reports", "run-7.html");
            await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(Path.GetDirectoryName(path)!).FullName, "run-7.html"), "old");

            await HtmlReportWriter.WriteAsync(SampleReports.Binary(), path);

            Assert.Equal(HtmlReportWriter.Render(SampleReports.Binary()), await File.ReadAllTextAsync(path));
            Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
