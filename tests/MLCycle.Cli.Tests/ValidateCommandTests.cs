namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle validate`: suggest a suite from trusted data, pass it on that data, fail it on broken data.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-validate-").FullName;
    private static string Penguins => RepoPaths.Get("examples", "penguins", "penguins.csv");

    [Fact]
    public async Task Suggest_thenValidateSameData_passes()
    {
        var suggested = await Cli.RunAsync("validate", Penguins, "--suggest");
        Assert.True(suggested.ExitCode == 0, suggested.ToString());
        var suite = Path.Combine(_dir, "expectations.yaml");
        await File.WriteAllTextAsync(suite, suggested.Out);

        var result = await Cli.RunAsync("validate", Penguins, "--suite", suite, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Json().GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Validate_brokenData_exitsFourNamingTheRows()
    {
        var suite = Path.Combine(_dir, "expectations.yaml");
        await File.WriteAllTextAsync(suite, "columns:\n  body_mass_g: { range: [2000, 7000] }\n  island: { allowed: [Biscoe, Dream, Torgersen] }\n");
        var lines = File.ReadAllLines(Penguins);
        var header = lines[0].Split(',');
        var mass = Array.IndexOf(header, "body_mass_g");
        var fields = lines[5].Split(',');
        fields[mass] = "99999";
        lines[5] = string.Join(',', fields);
        var data = Path.Combine(_dir, "broken.csv");
        await File.WriteAllLinesAsync(data, lines);

        var result = await Cli.RunAsync("validate", data, "--suite", suite, "--json");

        Assert.Equal(4, result.ExitCode);
        var failed = result.Json().GetProperty("results").EnumerateArray().Single(r => !r.GetProperty("passed").GetBoolean());
        Assert.Equal("body_mass_g", failed.GetProperty("column").GetString());
        Assert.Equal(1, failed.GetProperty("unexpectedCount").GetInt64());
        Assert.Equal(5, failed.GetProperty("examples")[0].GetProperty("row").GetInt64());
    }

    [Fact]
    public async Task Validate_neitherSuiteNorSuggest_exitsTwo()
    {
        var result = await Cli.RunAsync("validate", Penguins);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Validate_suiteWithUnknownKey_exitsTwoNamingIt()
    {
        var suite = Path.Combine(_dir, "bad.yaml");
        await File.WriteAllTextAsync(suite, "columns:\n  island: { alowed: [Dream] }\n");
        var result = await Cli.RunAsync("validate", Penguins, "--suite", suite);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("alowed", result.Err);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
