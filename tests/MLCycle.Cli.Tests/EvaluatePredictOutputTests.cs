using System.Globalization;

namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle predict`'s output, scored back with `mlcycle evaluate`: its columns are found without being named.</summary>
public sealed class EvaluatePredictOutputTests(TrainedStoreFixture fixture) : IClassFixture<TrainedStoreFixture>
{
    [Fact]
    public async Task Evaluate_mlcyclePredictOutput_infersBinaryAndMatchesAPairwiseAuc()
    {
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.ToString());
        var input = Path.Combine(fixture.Store, "evaluate-in.csv");
        await File.WriteAllLinesAsync(input, File.ReadLines(RepoPaths.Get("examples", "telco-churn", "telco_churn.csv")).Take(301));
        var scored = Path.Combine(fixture.Store, "evaluate-scored.csv");
        var predicted = await Cli.RunAsync("predict", "--model", "churn", "--input", input, "--output", scored, "--store", fixture.Store);
        Assert.True(predicted.ExitCode == 0, predicted.ToString());

        var result = await Cli.RunAsync("evaluate", "--predictions", scored, "--target", "churn", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal("binary", json.GetProperty("task").GetString());
        Assert.Equal("Yes", json.GetProperty("positiveClass").GetString());
        Assert.Equal(300, json.GetProperty("rows").GetInt32());
        Assert.Equal("prediction", json.GetProperty("columns").GetProperty("prediction").GetString());
        double auc = json.GetProperty("metrics").GetProperty("roc_auc").GetDouble();
        Assert.InRange(auc, 0.75, 1.0);
        Assert.Equal(PairwiseAuc(scored), auc, 1e-12);
    }

    // An independent ROC-AUC: the share of (positive, negative) pairs the positive outscores, ties counting one half.
    private static double PairwiseAuc(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int target = Array.IndexOf(header, "churn"), probability = Array.IndexOf(header, "probability_Yes");
        // The telco columns hold no quoted commas, so a plain split reads them.
        var rows = lines.Skip(1).Select(l => l.Split(',')).Select(f => (Yes: f[target] == "Yes", P: double.Parse(f[probability], CultureInfo.InvariantCulture))).ToList();
        double wins = 0, pairs = 0;
        foreach (var pos in rows.Where(r => r.Yes))
        {
            foreach (var neg in rows.Where(r => !r.Yes))
            {
                wins += pos.P > neg.P ? 1 : pos.P == neg.P ? 0.5 : 0;
                pairs++;
            }
        }
        return wins / pairs;
    }
}
