using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MLCycle.Training;

namespace MLCycle.Bench;

/// <summary>
/// Model quality against scikit-learn 1.2 on the shared datasets (issue "Models that win"). Both tools learn from the same
/// rows and are scored on the same rows: exact duplicate rows are removed first (telco has 20; MLCycle drops them by
/// default), then the split is MLCycle's own seeded, stratified 80/20 split (<see cref="DataSplitter"/>, seed 42), which
/// `mlcycle run` makes again inside from the whole file. scikit-learn's HistGradientBoosting and LogisticRegression
/// (Ridge for regression), with default settings, fit train.csv; MLCycle runs on a spec naming only the file and the
/// target (the published CLI, a whole process) and `mlcycle predict` scores test.csv. Python computes every metric with the
/// same sklearn.metrics call: ROC-AUC (binary), macro F1 (multiclass), RMSE (regression); MLCycle's own figure for its
/// test rows is printed beside it, as a check that both saw the same rows.
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

    /// <summary>What the peers' script needs from scikit-learn.</summary>
    public const string PeerImport = "from sklearn.ensemble import HistGradientBoostingClassifier; from sklearn.compose import ColumnTransformer";

    public static async Task MeasureAsync(string work)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "peers", "sklearn_models.py");
        if (!PythonPeers.Imports(PeerImport) || !PythonPeers.Imports("import pandas"))
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
            var (data, testRows) = await WriteSplitAsync(source, d, folder);
            var peers = JsonDocument.Parse(await PythonAsync(script, "peers", folder, d.Target, d.Task, d.Positive ?? "")).RootElement;
            await File.WriteAllTextAsync(Path.Combine(folder, "mlcycle.yaml"), $"name: bench\ndata:\n  path: {Path.GetFileName(data)}\n  target: {d.Target}\n");
            var store = Path.Combine(folder, "store");
            var (elapsed, json) = await cli.RunAsync(folder, "run", "mlcycle.yaml", "--store", store, "--json");
            var seconds = elapsed.TotalSeconds;
            var own = JsonDocument.Parse(json).RootElement.GetProperty("testMetrics").GetProperty(d.Task switch { "binary" => "auc", "multiclass" => "macro_f1", _ => "rmse" }).GetDouble();
            await cli.TimeAsync(folder, "predict", "--model", "bench:1", "--input", "test.csv", "--output", "scored.csv", "--store", store);
            var ours = JsonDocument.Parse(await PythonAsync(script, "score", folder, d.Target, d.Task, d.Positive ?? "", Path.Combine(folder, "scored.csv"))).RootElement.GetProperty("metric").GetDouble();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d.Name}: {testRows} test rows; MLCycle's own test figure {own:0.######}, sklearn.metrics on its predictions {ours:0.######}"));
            double hgb = peers.GetProperty("hgb").GetProperty("metric").GetDouble(), linear = peers.GetProperty("linear").GetProperty("metric").GetDouble();
            Console.WriteLine(Row(d, ours, hgb, linear, seconds, peers.GetProperty("hgb").GetProperty("seconds").GetDouble(), peers.GetProperty("linear").GetProperty("seconds").GetDouble()));
        }
    }

    /// <summary>Writes data.csv (exact duplicate rows removed), train.csv and test.csv (MLCycle's split of data.csv); returns data.csv and the test row count.</summary>
    private static async Task<(string Data, int TestRows)> WriteSplitAsync(string source, Dataset d, string folder)
    {
        var lines = await File.ReadAllLinesAsync(source);
        var header = lines[0];
        var rows = lines.Skip(1).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        // The shared datasets quote no field (their README), so a plain split finds the target.
        var target = Array.IndexOf(header.Split(','), d.Target);
        var labels = d.Task == "regression" ? null : rows.Select(r => r.Split(',')[target]).ToArray();
        var (train, test) = DataSplitter.Split(rows.Length, 0.2, 42, labels);
        var data = Path.Combine(folder, "data.csv");
        await File.WriteAllLinesAsync(data, rows.Prepend(header));
        await File.WriteAllLinesAsync(Path.Combine(folder, "train.csv"), train.Select(i => rows[i]).Prepend(header));
        await File.WriteAllLinesAsync(Path.Combine(folder, "test.csv"), test.Select(i => rows[i]).Prepend(header));
        return (data, test.Length);
    }

    private static string Row(Dataset d, double ours, double hgb, double linear, double seconds, double hgbSeconds, double linearSeconds)
    {
        var regression = d.Task == "regression";
        var metric = d.Task switch { "binary" => "ROC-AUC", "multiclass" => "macro F1", _ => "RMSE" };
        var best = regression ? Math.Min(hgb, linear) : Math.Max(hgb, linear);
        // Scores: points behind (0.01 = one point); RMSE: percent above the better peer.
        var gap = regression ? (ours - best) / best : ours - best;
        var met = regression ? gap <= 0.03 : gap >= -0.01;
        var shownGap = regression ? Math.Round(gap * 100, 1).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : Math.Round(gap * 100, 1).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pt";
        string F(double v) => regression ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.0000", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {d.Name} | {metric} | {F(ours)} | {F(hgb)} | {F(linear)} | {shownGap} | {seconds:0.0} | {hgbSeconds:0.0} | {linearSeconds:0.0} | {(met ? "met" : "NOT met")} |");
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
