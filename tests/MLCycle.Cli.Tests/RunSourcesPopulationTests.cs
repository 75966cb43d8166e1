namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle run` with `sources:` and `population:`: coercions, population gaps and reweighting are shown and written.</summary>
public sealed class RunSourcesPopulationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-sources-cli-").FullName;
    private string Store => Path.Combine(_dir, "store");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>German credit split in two CSVs; the second writes 'duration' with decimals, so it combines as DOUBLE.</summary>
    private async Task<string> WriteSpecAsync(string sourcesYaml)
    {
        var lines = File.ReadAllLines(RepoPaths.Get("tests", "data", "german_credit.csv"));
        var duration = Array.IndexOf(lines[0].Split(','), "duration");
        await File.WriteAllLinesAsync(Path.Combine(_dir, "part1.csv"), lines.Take(501));
        await File.WriteAllLinesAsync(Path.Combine(_dir, "part2.csv"), lines.Take(1).Concat(lines.Skip(501).Select(l =>
        {
            var cells = l.Split(',');
            cells[duration] += ".5";
            return string.Join(',', cells);
        })));
        var spec = Path.Combine(_dir, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, $"""
            name: credit
            sources:
            {sourcesYaml}
            data:
              target: class
              sensitive: [personal_status]
            population:
              personal_status: {"{"} "female div/dep/mar": 0.5, "male single": 0.3, "male mar/wid": 0.1, "male div/sep": 0.1 {"}"}
              weights: true
            train: {"{"} algorithms: [linear], cv: 2 {"}"}
            """);
        return spec;
    }

    [Fact]
    public async Task Run_json_reports_sources_coercions_population_gap_and_reweighting()
    {
        var spec = await WriteSpecAsync("  - part1.csv\n  - path: part2.csv");

        var result = await Cli.RunAsync("run", spec, "--store", Store, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(1000, json.GetProperty("rows").GetInt64());
        Assert.Equal(2, json.GetProperty("sources").GetArrayLength());
        Assert.Equal("union", json.GetProperty("combine").GetString());
        var coercion = Assert.Single(json.GetProperty("coercions").EnumerateArray());
        Assert.Equal(("duration", "BIGINT", "DOUBLE"), (coercion.GetProperty("column").GetString(), coercion.GetProperty("from").GetString(), coercion.GetProperty("to").GetString()));
        var population = json.GetProperty("population");
        Assert.True(population.GetProperty("reweighted").GetBoolean());
        var gap = Assert.Single(population.GetProperty("gaps").EnumerateArray());
        Assert.Equal("personal_status", gap.GetProperty("column").GetString());
        Assert.True(gap.GetProperty("pValue").GetDouble() < 0.05);
        Assert.Equal(4, gap.GetProperty("groups").GetArrayLength());
        Assert.Contains("reweighted", population.GetProperty("weighting").GetString());
    }

    [Fact]
    public async Task Run_text_prints_every_coercion_the_gap_and_that_training_was_reweighted()
    {
        var spec = await WriteSpecAsync("  - part1.csv\n  - part2.csv");

        var result = await Cli.RunAsync("run", spec, "--store", Store);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Coercion column 'duration'", result.Out);
        Assert.Contains("Population: 'personal_status' differs from the expected shares", result.Out);
        Assert.Contains("Training was reweighted toward the expected population", result.Out);
    }

    [Fact]
    public async Task Run_unknown_source_kind_exits_two_naming_the_key_and_writes_nothing()
    {
        var spec = await WriteSpecAsync("  - part1.csv\n  - part2.xlsx");

        var result = await Cli.RunAsync("run", spec, "--store", Store);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'sources[1]'", result.Err);
        Assert.Contains("'.xlsx'", result.Err);
        Assert.False(Directory.Exists(Store));
    }
}
