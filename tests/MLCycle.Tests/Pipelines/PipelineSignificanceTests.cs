using System.Globalization;
using System.Text;
using MLCycle.Pipelines;
using MLCycle.Storage;

namespace MLCycle.Tests.Pipelines;

/// <summary>
/// <c>evaluate.promote_if: significant</c>: the champion is scored on the challenger's test rows and a paired test (DeLong's for
/// ROC-AUC) decides whether the challenger is better by more than noise.
/// </summary>
public sealed class PipelineSignificanceTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // The label follows a + strength * b plus noise: a weak strength makes b nearly useless, a strong one makes it decisive.
    private string Csv(string name, double strength, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("a,b,c,label\n");
        for (var r = 0; r < 600; r++)
        {
            double a = random.NextDouble(), b = random.NextDouble(), c = random.NextDouble();
            bool yes = a + strength * b + (random.NextDouble() - 0.5) * 0.8 > 0.5 + strength * 0.5;
            csv.Append(CultureInfo.InvariantCulture, $"{a:F4},{b:F4},{c:F4},{(yes ? "yes" : "no")}\n");
        }
        return _folder.Write(name, csv.ToString());
    }

    private async Task<RunSummary> RunAsync(MLCycleStore store, string data, string algorithm)
    {
        var spec = SpecLoader.Load(_folder.Write("mlcycle.yaml",
            $"name: sig\ndata:\n  path: {data}\n  target: label\ntrain: {{ algorithms: [{algorithm}], cv: 2 }}\nevaluate:\n  promote_if: significant\n"));
        using var input = await PipelinePreflight.CheckAsync(spec);
        return await new PipelineRunner(store).RunAsync(input);
    }

    [Fact]
    public async Task RunAsync_challengerBetterOnlyByNoise_staysChallengerAndSaysWhy()
    {
        var data = Csv("same.csv", 0.2, 5);
        await using var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        var first = await RunAsync(store, data, "lightgbm");

        var second = await RunAsync(store, data, "linear");

        Assert.True(first.Promotion.Promoted, first.Promotion.Reason);
        Assert.False(second.Promotion.Promoted);
        Assert.Equal(ChampionChallenger.Challenger, second.Promotion.Alias);
        var paired = second.Promotion.Significance;
        Assert.NotNull(paired);
        Assert.Equal("DeLong", paired.Method);
        Assert.True(paired.Difference > 0, paired.ToString());
        Assert.True(paired.PValue >= 0.05, paired.ToString());
        Assert.Contains("better only by noise (promote_if: significant needs p < 0.05)", second.Promotion.Reason);
        var model = Assert.Single(await store.Registry.ListModelsAsync());
        Assert.Equal(1, model.Aliases[ChampionChallenger.Champion]);
    }

    [Fact]
    public async Task RunAsync_challengerSignificantlyBetter_isPromotedWithTheTest()
    {
        await using var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        var first = await RunAsync(store, Csv("weak.csv", 0.1, 5), "linear");

        var second = await RunAsync(store, Csv("strong.csv", 4, 6), "linear");

        Assert.True(first.Promotion.Promoted, first.Promotion.Reason);
        Assert.True(second.Promotion.Promoted, second.Promotion.Reason);
        Assert.Contains("challenger is significantly better", second.Promotion.Reason);
        var paired = second.Promotion.Significance!;
        Assert.True(paired.Lower > 0, paired.ToString());
        Assert.True(paired.PValue < 0.05, paired.ToString());
    }
}
