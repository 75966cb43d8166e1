using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MLCycle.Bench;

/// <summary>
/// Model quality against scikit-learn 1.2 on the shared datasets (issue "Models that win"). For each dataset Python makes
/// one seeded, stratified 80/20 split and writes train.csv and test.csv; scikit-learn's HistGradientBoosting and
/// LogisticRegression (Ridge for regression), with default settings, fit train.csv and score test.csv; MLCycle runs
/// `mlcycle run` on a spec naming only train.csv and the target (the published CLI, a whole process), then
/// `mlcycle predict` scores test.csv, and Python computes MLCycle's metric from those predictions with the same
/// sklearn.metrics call: ROC-AUC (binary), macro F1 (multiclass), RMSE (regression). MLCycle holds out a fifth of
/// train.csv for its own test and gates, so its packaged model learns from 64% of the data against the peers' 80%.
/// </summary>
public static class ModelsBenchmark
{
    private sealed record Dataset(string Name, string File, string Target, string Task, string? Positive);

    // The shared datasets as the repository carries them (copies of ../shared/datasets, byte for byte).
    private static readonly Dataset[] Datasets =
    [
        new("pima_diabetes", "tests/data/pima_diabetes.csv", "diabetes", "binary", "pos"),
        new("german_credit", "tests/data/german_credit.csv", "class", "binary", "bad"),
        new("telco_churn", "examples/telco-churn/telco_churn.csv", "churn", "binary", "Yes"),
        new("penguins", "examples/penguins/penguins.csv", "species", "multiclass", null),
        new("seattle_weather", "tests/data/seattle_weather.csv", "weather", "multiclass", null),
        new("ames_housing", "examples/ames-housing/ames_housing.csv", "Sale_Price", "regression", null),
    ];

    public static async Task MeasureAsync(string work)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "peers", "sklearn_models.py");
        if (!await PythonHasAsync("sklearn"))
        {
            Console.WriteLine("scikit-learn is not installed: apt-get install -y python3-sklearn python3-pandas");
            return;
        }
        var cli = await PublishedCli.PublishAsync(Path.Combine(work, "cli"));
        Console.WriteLine();
        Console.WriteLine("| dataset | metric | MLCycle | HistGradientBoosting | Logistic/Ridge | MLCycle - best peer | MLCycle s | HGB s | linear s | target |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var d in Datasets)
        {
            var folder = Directory.CreateDirectory(Path.Combine(work, d.Name)).FullName;
            var source = Path.Combine(PublishedCli.RepoRoot(), d.File);
            await PythonAsync(script, "split", source, d.Target, d.Task, "42", folder);
            var peers = JsonDocument.Parse(await PythonAsync(script, "peers", folder, d.Target, d.Task, d.Positive ?? "")).RootElement;
            await File.WriteAllTextAsync(Path.Combine(folder, "mlcycle.yaml"), $"name: bench\ndata:\n  path: train.csv\n  target: {d.Target}\n");
            var store = Path.Combine(folder, "store");
            var seconds = (await cli.TimeAsync(folder, "run", "mlcycle.yaml", "--store", store)).TotalSeconds;
            await cli.TimeAsync(folder, "predict", "--model", "bench:1", "--input", "test.csv", "--output", "scored.csv", "--store", store);
            var ours = JsonDocument.Parse(await PythonAsync(script, "score", folder, d.Target, d.Task, d.Positive ?? "", Path.Combine(folder, "scored.csv"))).RootElement.GetProperty("metric").GetDouble();
            double hgb = peers.GetProperty("hgb").GetProperty("metric").GetDouble(), linear = peers.GetProperty("linear").GetProperty("metric").GetDouble();
            Console.WriteLine(Row(d, ours, hgb, linear, seconds, peers.GetProperty("hgb").GetProperty("seconds").GetDouble(), peers.GetProperty("linear").GetProperty("seconds").GetDouble()));
        }
    }

    private static string Row(Dataset d, double ours, double hgb, double linear, double seconds, double hgbSeconds, double linearSeconds)
    {
        var regression = d.Task == "regression";
        var metric = d.Task switch { "binary" => "ROC-AUC", "multiclass" => "macro F1", _ => "RMSE" };
        var best = regression ? Math.Min(hgb, linear) : Math.Max(hgb, linear);
        // Scores: points behind (0.01 = one point); RMSE: percent above the better peer.
        var gap = regression ? (ours - best) / best : ours - best;
        var met = regression ? gap <= 0.03 : gap >= -0.01;
        var shownGap = regression ? gap.ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture) : (gap * 100).ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + " pt";
        string F(double v) => regression ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.0000", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {d.Name} | {metric} | {F(ours)} | {F(hgb)} | {F(linear)} | {shownGap} | {seconds:0.0} | {hgbSeconds:0.0} | {linearSeconds:0.0} | {(met ? "met" : "NOT met")} |");
    }

    private static async Task<bool> PythonHasAsync(string module)
    {
        if (!File.Exists("/usr/bin/python3")) return false;
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", $"import {module}, pandas"]) { RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        return process.ExitCode == 0;
    }

    private static async Task<string> PythonAsync(string script, params string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/python3", [script, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"python3 {Path.GetFileName(script)} {args[0]} failed:\n{await errors}");
        return (await output).Trim().Split('\n')[^1];
    }
}
