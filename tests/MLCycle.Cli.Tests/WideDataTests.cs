using System.Diagnostics;
using System.Text;

namespace MLCycle.Cli.Tests;

/// <summary>Data wider than the column limit is refused with exit code 2 before its rows are read, by every verb that reads data.</summary>
public sealed class WideDataTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-wide-").FullName;
    private string Store => Path.Combine(_dir, "store");

    [Fact]
    public async Task Profile_hundredThousandColumns_exitsTwoInSecondsNamingCountLimitAndOption()
    {
        var path = WriteWide("wide.csv", 100_000);

        var clock = Stopwatch.StartNew();
        var result = await Cli.RunAsync("profile", path, "--json");
        clock.Stop();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{path}' has 100,000 columns, more than the limit of 4,096", result.Err);
        Assert.Contains("--max-columns", result.Err);
        Assert.Equal("", result.Out);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Profile_maxColumnsRaised_profilesTheFile()
    {
        var path = WriteWide("six.csv", 6);

        var refused = await Cli.RunAsync("profile", path, "--max-columns", "5", "--json");
        var profiled = await Cli.RunAsync("profile", path, "--max-columns", "6", "--json");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("has 6 columns, more than the limit of 5", refused.Err);
        Assert.True(profiled.ExitCode == 0, profiled.ToString());
        Assert.Equal(6, profiled.Json().GetProperty("columns").GetArrayLength());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task Profile_maxColumnsBelowOne_exitsTwoNamingIt(string max)
    {
        var result = await Cli.RunAsync("profile", WriteWide("two.csv", 2), "--max-columns", max);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--max-columns {max} is not a limit", result.Err);
    }

    [Fact]
    public async Task Validate_widerThanMaxColumns_exitsTwo()
    {
        var path = WriteWide("six.csv", 6);

        var result = await Cli.RunAsync("validate", path, "--suggest", "--max-columns", "5");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has 6 columns, more than the limit of 5", result.Err);
    }

    [Fact]
    public async Task Run_specMaxColumns_refusesWiderDataAndWritesNothing()
    {
        WriteWide("data.csv", 6);
        var spec = Path.Combine(_dir, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, "name: m\ndata:\n  path: data.csv\n  target: c5\n  max_columns: 5\n");

        var result = await Cli.RunAsync("run", spec, "--store", Store);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has 6 columns, more than the limit of 5", result.Err);
        Assert.False(Directory.Exists(Store));
    }

    [Fact]
    public async Task Run_maxColumnsOption_overridesTheSpec()
    {
        WriteWide("data.csv", 6);
        var spec = Path.Combine(_dir, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, "name: m\ndata:\n  path: data.csv\n  target: c5\n");

        var result = await Cli.RunAsync("run", spec, "--store", Store, "--max-columns", "4");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has 6 columns, more than the limit of 4", result.Err);
    }

    [Fact]
    public async Task Run_specMaxColumnsZero_exitsTwoNamingTheKey()
    {
        WriteWide("data.csv", 3);
        var spec = Path.Combine(_dir, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, "name: m\ndata:\n  path: data.csv\n  target: c2\n  max_columns: 0\n");

        var result = await Cli.RunAsync("run", spec, "--store", Store);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("data.max_columns", result.Err);
        Assert.Contains("expected a number of columns of 1 or more, found 0", result.Err);
    }

    private string WriteWide(string name, int columns)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Enumerable.Range(0, columns).Select(c => $"c{c}")).Append('\n');
        for (var r = 0; r < 3; r++) text.AppendJoin(',', Enumerable.Range(0, columns).Select(c => (r + c) % 2)).Append('\n');
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
