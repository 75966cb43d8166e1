using System.Text.Json;

namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle profile` on the real penguins data: JSON shape, bias check, HTML page and bad arguments.</summary>
public sealed class ProfileCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-profile-").FullName;
    private readonly string _penguins;

    public ProfileCommandTests()
    {
        _penguins = Path.Combine(_dir, "penguins.csv");
        File.Copy(RepoPaths.Get("examples", "penguins", "penguins.csv"), _penguins);
    }

    [Fact]
    public async Task Profile_valuesWithEscapeSequences_areShownEscapedInTheTable()
    {
        // ESC [2J clears a terminal and BEL rings it: a value in a hostile file must reach the screen as text, not as a command.
        var csv = Path.Combine(_dir, "hostile.csv");
        await File.WriteAllTextAsync(csv, "a,b,label\n1,x\u001b[2J,yes\n2,y,no\n3,x\u001b[2J,yes\n4,z\u0007,no\n");

        var result = await Cli.RunAsync("profile", csv);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain('\u001b', result.Out);
        Assert.DoesNotContain('\u0007', result.Out);
        Assert.Contains("x\\u001b[2J (2)", result.Out);
        Assert.Contains("z\\u0007 (1)", result.Out);
    }

    [Fact]
    public async Task Profile_penguinsJson_countsRowsAndMissingSex()
    {
        var result = await Cli.RunAsync("profile", _penguins, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(344, json.GetProperty("rows").GetInt64());
        var columns = json.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(8, columns.Count);
        var sex = columns.Single(c => c.GetProperty("name").GetString() == "sex");
        Assert.Equal(11, sex.GetProperty("missing").GetInt64());
        Assert.Equal(2, sex.GetProperty("distinct").GetInt64());
        Assert.Equal("categorical", sex.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Array, sex.GetProperty("issues").ValueKind);
        var mass = columns.Single(c => c.GetProperty("name").GetString() == "body_mass_g");
        Assert.InRange(mass.GetProperty("stats").GetProperty("mean").GetDouble(), 4201.75, 4201.76); // 1,437,000 / 342
        Assert.Equal(JsonValueKind.Array, json.GetProperty("issues").ValueKind);
        Assert.Equal(0, json.GetProperty("bias").GetArrayLength());
    }

    [Fact]
    public async Task Profile_sensitiveSexTargetSpecies_reportsGroupsAndFindings()
    {
        var result = await Cli.RunAsync("profile", _penguins, "--sensitive", "sex", "--target", "species", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var bias = Assert.Single(result.Json().GetProperty("bias").EnumerateArray());
        Assert.Equal(["sex"], bias.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var groups = bias.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("group").GetString()!, g => g.GetProperty("rows").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["male"] = 168, ["female"] = 165, ["(missing)"] = 11 }, groups);
        Assert.Contains(bias.GetProperty("findings").EnumerateArray(), f => f.GetString()!.Contains("'sex' is missing in 11 rows"));
        Assert.Equal(JsonValueKind.Null, bias.GetProperty("populationGap").ValueKind);
        // Species has three classes, so target rates wait for --positive-class; the command says so.
        Assert.Contains("--positive-class", result.Err);
    }

    [Fact]
    public async Task Profile_positiveClass_addsTargetRatePerGroup()
    {
        var result = await Cli.RunAsync("profile", _penguins, "--sensitive", "island", "--target", "species", "--positive-class", "Adelie", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var island = Assert.Single(result.Json().GetProperty("bias").EnumerateArray());
        var torgersen = island.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "Torgersen");
        Assert.Equal(1.0, torgersen.GetProperty("targetRate").GetDouble()); // every Torgersen penguin is an Adelie
    }

    [Fact]
    public async Task Profile_twoSensitiveColumns_listsEachThenTheirIntersection()
    {
        var result = await Cli.RunAsync("profile", _penguins, "--sensitive", "sex,island", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var bias = result.Json().GetProperty("bias").EnumerateArray().ToList();
        Assert.Equal(["sex", "island", "sex,island"], bias.Select(b => string.Join(",", b.GetProperty("columns").EnumerateArray().Select(c => c.GetString()))));
        foreach (var entry in bias) Assert.Equal(344, entry.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("rows").GetInt64()));
        var cell = bias[2].GetProperty("groups").EnumerateArray().First(g => g.GetProperty("group").GetString() == "female × Torgersen");
        Assert.Equal(["female", "Torgersen"], cell.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(JsonValueKind.False, cell.GetProperty("underRepresented").ValueKind);
        Assert.Equal(JsonValueKind.Number, cell.GetProperty("missingShare").ValueKind);
    }

    [Fact]
    public async Task Profile_memoryLimit_profilesTheSameAsWithout()
    {
        var limited = await Cli.RunAsync("profile", _penguins, "--memory-limit", "256MB", "--json");
        var free = await Cli.RunAsync("profile", _penguins, "--json");

        Assert.True(limited.ExitCode == 0, limited.ToString());
        Assert.Equal(free.Out, limited.Out);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("1 XB")]
    [InlineData("0GB")]
    [InlineData("-1GB")]
    public async Task Profile_badMemoryLimit_exitsTwoNamingIt(string limit)
    {
        var result = await Cli.RunAsync("profile", _penguins, "--memory-limit", limit, "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--memory-limit '{limit}' is not a size", result.Err);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Profile_tables_showColumnsAndBiasGroups()
    {
        var result = await Cli.RunAsync("profile", _penguins, "--sensitive", "sex");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("344 rows, 8 columns", result.Out);
        Assert.Contains("flipper_length_mm", result.Out);
        Assert.Contains("11 (3.2%)", result.Out);
        Assert.Contains("(missing)", result.Out);
    }

    [Fact]
    public async Task Profile_html_writesSelfContainedPageWithCharts()
    {
        var html = Path.Combine(_dir, "out", "profile.html");

        var result = await Cli.RunAsync("profile", _penguins, "--target", "species", "--sensitive", "sex,island", "--html", html);

        Assert.True(result.ExitCode == 0, result.ToString());
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("<svg", page);
        Assert.Contains("<section id=\"bias\">", page);
        Assert.Contains("histogram of body_mass_g", page);
        Assert.DoesNotContain("<script", page);
    }

    [Fact]
    public async Task Profile_unknownTarget_exitsTwoNamingIt()
    {
        var result = await Cli.RunAsync("profile", _penguins, "--target", "specie");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'specie'", result.Err);
        Assert.Contains("species", result.Err);
    }

    [Fact]
    public async Task Profile_unknownSensitiveColumn_exitsTwoNamingIt()
    {
        var result = await Cli.RunAsync("profile", _penguins, "--sensitive", "sex,race", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("sensitive column 'race' is not a column of", result.Err);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Profile_missingFile_exitsTwoNamingIt()
    {
        var result = await Cli.RunAsync("profile", Path.Combine(_dir, "nope.csv"), "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.csv", result.Err);
    }

    [Fact]
    public async Task Profile_noDataArgument_exitsTwo()
    {
        var result = await Cli.RunAsync("profile", "--json");

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Profile_twoClassTextTarget_countsTheRarerClassAsPositive()
    {
        var result = await Cli.RunAsync("profile", RepoPaths.Get("tests", "data", "german_credit.csv"), "--target", "class", "--sensitive", "personal_status", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("'class' = 'bad' (the rarer class)", result.Err);
        var groups = Assert.Single(result.Json().GetProperty("bias").EnumerateArray()).GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(1000, groups.Sum(g => g.GetProperty("rows").GetInt64()));
        // 300 of the 1,000 applicants are bad risks, so the row-weighted mean of the group rates is exactly 0.3.
        Assert.Equal(0.3, groups.Sum(g => g.GetProperty("targetRate").GetDouble() * g.GetProperty("rows").GetInt64()) / 1000, 9);
    }

    [Fact]
    public async Task Profile_issues_appearUnderTheirColumnAndInTheFullList()
    {
        var result = await Cli.RunAsync("profile", RepoPaths.Get("tests", "data", "german_credit.csv"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        var all = json.GetProperty("issues").EnumerateArray().ToList();
        Assert.NotEmpty(all);
        foreach (var column in json.GetProperty("columns").EnumerateArray())
            foreach (var issue in column.GetProperty("issues").EnumerateArray())
                Assert.Contains(all, i => i.GetProperty("column").GetString() == column.GetProperty("name").GetString()
                    && i.GetProperty("kind").GetString() == issue.GetProperty("kind").GetString()
                    && i.GetProperty("count").GetInt64() == issue.GetProperty("count").GetInt64());
        Assert.Equal(all.Count(i => i.GetProperty("column").ValueKind == JsonValueKind.String),
            json.GetProperty("columns").EnumerateArray().Sum(c => c.GetProperty("issues").GetArrayLength()));
    }

    [Fact]
    public async Task Profile_parquetFile_profilesLikeTheCsv()
    {
        var parquet = Path.Combine(_dir, "penguins.parquet");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM read_csv('{_penguins.Replace("'", "''")}', header = true)) TO '{parquet.Replace("'", "''")}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }

        var result = await Cli.RunAsync("profile", parquet, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(344, json.GetProperty("rows").GetInt64());
        Assert.Equal(11, json.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "sex").GetProperty("missing").GetInt64());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
