namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle models card` on the telco churn example, whose spec states its problem.</summary>
public sealed class ModelsCardTests(TrainedStoreFixture fixture) : IClassFixture<TrainedStoreFixture>
{
    [Fact]
    public async Task ModelsCard_markdown_showsProblemMetricsWithIntervalsAndTheChampionMove()
    {
        var result = await Cli.RunAsync("models", "card", "churn:1", "--store", fixture.Store);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("# Model card: churn v1", result.Out);
        Assert.Contains("- **Goal:** Find the customers likely to cancel in the next month", result.Out);
        Assert.Matches(@"\| roc_auc \| 0\.8\d* \| 0\.\d+ to 0\.\d+ \|", result.Out);
        Assert.Contains("| champion | to v1 |", result.Out);
        Assert.Contains("drift-prone: the model leans most on ", result.Out);
    }

    [Fact]
    public async Task ModelsCard_htmlToFile_writesOneSelfContainedPage()
    {
        var path = Path.Combine(fixture.Store, "card.html");

        var result = await Cli.RunAsync("models", "card", "churn@champion", "--format", "html", "--output", path, "--store", fixture.Store);

        Assert.True(result.ExitCode == 0, result.ToString());
        var html = await File.ReadAllTextAsync(path);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<h1>Model card: churn v1</h1>", html);
        Assert.Contains("<section id=\"fairness\">", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task ModelsCard_unknownVersion_isNotFoundNamingIt()
    {
        var result = await Cli.RunAsync("models", "card", "churn:99", "--store", fixture.Store);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("99", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }
}
