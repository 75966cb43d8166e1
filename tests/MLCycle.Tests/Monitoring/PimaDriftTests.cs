using System.Globalization;
using MLCycle.Data;
using MLCycle.Monitoring;
using MLCycle.Profiling;
using static MLCycle.Tests.Monitoring.DriftFixtures;

namespace MLCycle.Tests.Monitoring;

/// <summary>Drift on the real Pima diabetes data (768 rows, numeric features, empty field = missing).</summary>
public sealed class PimaDriftTests
{
    private static readonly string[] Features = ["pregnant", "glucose", "pressure", "triceps", "insulin", "mass", "pedigree", "age"];
    private static readonly (string Header, string[][] Rows) Data = Read();

    private static (string, string[][]) Read()
    {
        var lines = File.ReadAllLines(MonitoringRepoFiles.Path("tests/data/pima_diabetes.csv"));
        return (lines[0], lines.Skip(1).Select(l => l.Split(',')).ToArray());
    }

    private static double[] Column(string[][] rows, string name)
    {
        var i = Data.Header.Split(',').ToList().IndexOf(name);
        return rows.Select(r => r[i].Length == 0 ? double.NaN : double.Parse(r[i], CultureInfo.InvariantCulture)).ToArray();
    }

    private static DatasetProfile Profile(string[][] rows) => new()
    {
        Rows = rows.Length,
        Columns = Features.Select(f => NumericProfile(f, Column(rows, f))).ToList(),
    };

    private static Table Table(string[][] rows) => new(Features.Select(f => Numbers(f, Column(rows, f))).ToList());

    [Fact]
    public void Detect_random_halves_of_the_same_data_do_not_drift()
    {
        var shuffled = Data.Rows.OrderBy(_ => 0).ToArray();
        new Random(1).Shuffle(shuffled);
        var (train, later) = (shuffled[..384], shuffled[384..]);

        var report = DriftDetector.Detect(Profile(train), Table(later));

        Assert.False(report.AnyDrift, string.Join(", ", report.Features.Select(f => $"{f.Name}={f.Psi:F3}")));
        Assert.All(report.Features, f => Assert.True(f.Psi < 0.1, $"{f.Name}: {f.Psi}"));
        // Integer columns such as pregnancies are full of ties; the KS test must not read those as a difference.
        Assert.All(report.Features, f => Assert.True(f.KsPValue > 0.05, $"{f.Name}: p = {f.KsPValue}"));
        Assert.True(report.Features.Single(f => f.Name == "insulin").CurrentMissing > 100, "insulin is often missing in this data");
    }

    [Fact]
    public void Detect_older_patients_only_drift_on_age_and_pregnancies()
    {
        var ageIndex = Data.Header.Split(',').ToList().IndexOf("age");
        var older = Data.Rows.Where(r => int.Parse(r[ageIndex], CultureInfo.InvariantCulture) >= 40).ToArray();

        var report = DriftDetector.Detect(Profile(Data.Rows), Table(older));

        Assert.Contains("age", report.DriftedFeatures);
        Assert.Contains("pregnant", report.DriftedFeatures);
        Assert.DoesNotContain("pedigree", report.DriftedFeatures);
        Assert.True(report.Features.Single(f => f.Name == "age").KsPValue < 1e-6);
    }
}
