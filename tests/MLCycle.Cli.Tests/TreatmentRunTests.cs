namespace MLCycle.Cli.Tests;

/// <summary>
/// The Pima diabetes data in its original coding, where 0 stands for a missing glucose, blood pressure, skin fold,
/// insulin or BMI value: run with sentinels and outlier treatments, then scored by `mlcycle predict`.
/// </summary>
public sealed class TreatmentRunTests : IDisposable
{
    private static readonly string[] ZeroCoded = ["glucose", "pressure", "triceps", "insulin", "mass"];

    private const string Spec = """
        name: pima
        data:
          path: pima_zeros.csv
          target: diabetes
        prepare:
          missing: median
          sentinels: { glucose: [0], pressure: [0], triceps: [0], insulin: [0], mass: [0] }
          outliers:
            insulin: clip
            pedigree: { mode: remove, percentiles: [1, 99] }
        train:
          algorithms: [linear, baseline]
          cv: 2
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("mlcycle-treat-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Store => Path.Combine(_folder, "store");

    // The shipped copy writes missing as empty; the original data set wrote 0.
    private string[] WriteZeroCoded()
    {
        var lines = File.ReadAllLines(RepoPaths.Get("tests", "data", "pima_diabetes.csv"));
        var header = lines[0].Split(',');
        var zeroed = ZeroCoded.Select(c => Array.IndexOf(header, c)).ToHashSet();
        var coded = lines.Skip(1).Select(l => string.Join(',', l.Split(',').Select((v, i) => v.Length == 0 && zeroed.Contains(i) ? "0" : v)));
        var all = coded.Prepend(lines[0]).ToArray();
        File.WriteAllLines(Path.Combine(_folder, "pima_zeros.csv"), all);
        return all;
    }

    [Fact]
    public async Task Run_then_predict_treats_zero_codes_as_missing_and_clips_insulin()
    {
        var lines = WriteZeroCoded();
        File.WriteAllText(Path.Combine(_folder, "mlcycle.yaml"), Spec);

        var run = await Cli.RunAsync("run", _folder, "--store", Store, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var summary = run.Json();
        Assert.InRange(summary.GetProperty("outliersRemoved").GetInt32(), 1, 30);
        Assert.InRange(summary.GetProperty("testMetrics").GetProperty("auc").GetDouble(), 0.75, 1.0);

        var show = await Cli.RunAsync("models", "show", "pima", "--store", Store, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        var numeric = show.Json().GetProperty("treatments").GetProperty("numeric").EnumerateArray().ToDictionary(n => n.GetProperty("column").GetString()!);
        Assert.Equal(0, numeric["glucose"].GetProperty("sentinels")[0].GetDouble());
        Assert.Equal("clip", numeric["insulin"].GetProperty("outliers").GetString());
        Assert.Equal("remove", numeric["pedigree"].GetProperty("outliers").GetString());
        var insulinHigh = numeric["insulin"].GetProperty("high").GetDouble();

        // Row 1 as written (insulin 0 = missing), with blanks for the zeros, and with insulin far above the fitted bound
        // and at the bound itself.
        var header = lines[0].Split(',');
        var insulin = Array.IndexOf(header, "insulin");
        var row = lines[1].Split(',');
        string With(int column, string value) => string.Join(',', row.Select((v, i) => i == column ? value : v));
        var blanks = string.Join(',', row.Select((v, i) => v == "0" && ZeroCoded.Contains(header[i]) ? "" : v));
        var input = Path.Combine(_folder, "in.csv");
        File.WriteAllLines(input, [lines[0], lines[1], blanks, With(insulin, "5000"), With(insulin, insulinHigh.ToString("R", System.Globalization.CultureInfo.InvariantCulture))]);
        var output = Path.Combine(_folder, "out.csv");

        var predict = await Cli.RunAsync("predict", "--model", "pima", "--input", input, "--output", output, "--store", Store);

        Assert.True(predict.ExitCode == 0, predict.ToString());
        var scored = File.ReadAllLines(output);
        var probability = Array.IndexOf(scored[0].Split(','), "probability_pos");
        var p = scored.Skip(1).Select(l => l.Split(',')[probability]).ToArray();
        Assert.Equal("0", row[insulin]);
        Assert.Equal(p[0], p[1]);
        Assert.Equal(p[2], p[3]);
        Assert.NotEqual(p[0], p[2]);
    }

    [Fact]
    public async Task Run_with_an_unknown_outlier_mode_exits_2_naming_the_key()
    {
        WriteZeroCoded();
        File.WriteAllText(Path.Combine(_folder, "mlcycle.yaml"), Spec.Replace("insulin: clip", "insulin: winsorize"));

        var run = await Cli.RunAsync("run", _folder, "--store", Store);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'prepare.outliers.insulin': expected one of clip, remove, found 'winsorize'", run.Err);
    }

    [Fact]
    public async Task Run_with_a_text_sentinel_on_a_numeric_column_exits_2_naming_the_key()
    {
        WriteZeroCoded();
        File.WriteAllText(Path.Combine(_folder, "mlcycle.yaml"), Spec.Replace("glucose: [0]", "glucose: [\"none\"]"));

        var run = await Cli.RunAsync("run", _folder, "--store", Store);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'prepare.sentinels.glucose[0]': 'glucose' is numeric, so its sentinels must be numbers; found 'none'", run.Err);
    }
}
