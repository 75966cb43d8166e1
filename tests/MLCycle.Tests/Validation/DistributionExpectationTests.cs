using System.Globalization;
using MLCycle.Profiling;
using MLCycle.Validation;

namespace MLCycle.Tests.Validation;

public sealed class DistributionExpectationTests : IDisposable
{
    private readonly ValidationFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static Task<DatasetProfile> PimaProfileAsync() => new DatasetProfiler().ProfileAsync(ValidationFiles.Pima);

    /// <summary>Pima with every present glucose raised by 60: a shift far beyond any PSI or KS bound.</summary>
    private string ShiftedPima()
    {
        var lines = File.ReadAllLines(ValidationFiles.Pima);
        var g = Array.IndexOf(lines[0].Split(','), "glucose");
        for (var i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            if (f[g].Length > 0) f[g] = (double.Parse(f[g], CultureInfo.InvariantCulture) + 60).ToString(CultureInfo.InvariantCulture);
            lines[i] = string.Join(',', f);
        }
        var path = Path.Combine(_files.Folder, "pima_shifted.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static ExpectationSuite Suite(string yaml) => ExpectationSuiteLoader.Parse(yaml, "suite.yaml");

    [Fact]
    public async Task Distribution_of_the_reference_data_itself_passes_psi_and_ks()
    {
        var suite = Suite("columns: { glucose: { distribution: { psi: 0.1, ks_p: 0.05 } }, diabetes: { distribution: { psi: 0.1, ks_p: 0.05 } } }");
        var result = await new DataValidator().ValidateAsync(ValidationFiles.Pima, suite, await PimaProfileAsync());
        Assert.True(result.Success, string.Join("; ", result.Results.Select(r => r.Observed)));
        Assert.Contains("KS p-value", result.Results[0].Observed);
        // A categorical column has no CDF, so the chi-squared test stands in for KS.
        Assert.Contains("chi-squared p-value", result.Results[1].Observed);
    }

    [Fact]
    public async Task Distribution_of_shifted_glucose_fails_both_bounds_while_other_columns_pass()
    {
        var suite = Suite("columns: { glucose: { distribution: { psi: 0.2 } }, mass: { distribution: { psi: 0.2 } }, age: { distribution: { ks_p: 0.01 } } }");
        var reference = await PimaProfileAsync();
        var result = await new DataValidator().ValidateAsync(ShiftedPima(), suite, reference);
        Assert.Equal([false, true, true], result.Results.Select(r => r.Passed));
        var psi = double.Parse(result.Results[0].Observed.Split(' ')[1].TrimEnd(';'), CultureInfo.InvariantCulture);
        Assert.True(psi > 1, result.Results[0].Observed);

        var ks = await new DataValidator().ValidateAsync(ShiftedPima(), Suite("columns: { glucose: { distribution: { ks_p: 0.01 } } }"), reference);
        Assert.False(ks.Success);
    }

    [Fact]
    public async Task Distribution_without_a_reference_is_a_spec_error()
    {
        var e = await Assert.ThrowsAsync<MLCycleException>(() =>
            new DataValidator().ValidateAsync(ValidationFiles.Pima, Suite("columns: { glucose: { distribution: { psi: 0.2 } } }")));
        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("columns.glucose.distribution", e.Message);
    }

    [Fact]
    public async Task Distribution_of_a_column_the_reference_lacks_is_a_spec_error()
    {
        var reference = await new DatasetProfiler().ProfileAsync(ValidationFiles.Penguins);
        var e = await Assert.ThrowsAsync<MLCycleException>(() =>
            new DataValidator().ValidateAsync(ValidationFiles.Pima, Suite("columns: { glucose: { distribution: { psi: 0.2 } } }"), reference));
        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("no column 'glucose'", e.Message);
    }
}
