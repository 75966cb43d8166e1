using MLCycle.Pipelines;

namespace MLCycle.Tests.Pipelines;

/// <summary>The spec's `population:` section, as read from YAML (no data is opened).</summary>
public sealed class SpecPopulationKeyTests
{
    private const string File = "/specs/mlcycle.yaml";

    private static string Spec(string population) =>
        $"name: a\ndata:\n  path: d.csv\n  target: y\n  sensitive: [sex, weights]\npopulation:\n{population}";

    private static MLCycleException Refused(string yaml)
    {
        var e = Assert.Throws<MLCycleException>(() => SpecLoader.Parse(yaml, File));
        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains(Path.GetFullPath(File), e.Message);
        return e;
    }

    [Fact]
    public void Parse_population_reads_shares_in_order_and_the_weights_switch()
    {
        var spec = SpecLoader.Parse(Spec("  sex: { Male: 0.495, Female: 0.505 }\n  weights: true\n"), File);

        var population = spec.Population!;
        Assert.True(population.Weights);
        Assert.Equal(["sex"], population.Shares.Keys);
        Assert.Equal([("Male", 0.495), ("Female", 0.505)], population.Shares["sex"].Select(s => (s.Key, s.Value)));
    }

    [Fact]
    public void Parse_population_without_weights_does_not_reweight()
    {
        var spec = SpecLoader.Parse(Spec("  sex: { Male: 0.5, Female: 0.5 }\n"), File);

        Assert.False(spec.Population!.Weights);
    }

    [Fact]
    public void Parse_a_sensitive_column_named_weights_is_a_column_when_its_value_is_a_mapping()
    {
        var spec = SpecLoader.Parse(Spec("  weights: { light: 0.3, heavy: 0.7 }\n"), File);

        Assert.False(spec.Population!.Weights);
        Assert.Equal(0.7, spec.Population.Shares["weights"]["heavy"]);
    }

    [Fact]
    public void Parse_no_population_is_null()
    {
        Assert.Null(SpecLoader.Parse("name: a\ndata: { path: d.csv, target: y }\n", File).Population);
    }

    [Theory]
    [InlineData("  sex: { Male: 0.5, Female: 0.4 }\n", "line 7, 'population.sex'", "sum to 0.9; expected 1 (within 0.01)")]
    [InlineData("  sex: { Male: 1.2, Female: -0.2 }\n", "'population.sex.Male'", "above 0 and at most 1, found 1.2")]
    [InlineData("  sex: { Male: 1, Female: 0 }\n", "'population.sex.Female'", "above 0 and at most 1, found 0")]
    [InlineData("  sex: { Male: half, Female: 0.5 }\n", "'population.sex.Male'", "expected a number, found 'half'")]
    [InlineData("  age: { young: 0.5, old: 0.5 }\n", "line 7, 'population.age'", "not in 'data.sensitive' (sex, weights)")]
    [InlineData("  sex: [Male, Female]\n", "'population.sex'", "expected a mapping")]
    [InlineData("  sex: {}\n", "'population.sex'", "at least one group")]
    [InlineData("  weights: maybe\n", "'population.weights'", "expected true or false")]
    [InlineData("  weights: true\n", "'population'", "at least one sensitive column")]
    public void Parse_bad_population_is_refused_naming_its_key(string population, string where, string what)
    {
        var e = Refused(Spec(population));

        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void Parse_population_without_sensitive_columns_says_to_list_them()
    {
        var e = Refused("name: a\ndata: { path: d.csv, target: y }\npopulation:\n  sex: { Male: 0.5, Female: 0.5 }\n");

        Assert.Contains("list it in 'data.sensitive' first", e.Message);
    }
}
