namespace MLCycle.Scoring.Tests;

/// <summary>The README's example compiles and gives what the full library gave for the same penguin.</summary>
public class ScoringAppExampleTests
{
    private static readonly ExamplePackage Penguins = ExamplePackage.Penguins;

    [Fact]
    public void Species_of_the_readme_row_is_what_the_full_library_predicted()
    {
        var same = Penguins.Rows.Single(r => Penguins.Cell(r, "bill_length_mm") == "50" && Penguins.Cell(r, "bill_depth_mm") == "16.3");

        Assert.Equal("Gentoo", Penguins.Cell(same, "prediction"));
        Assert.Equal("Gentoo", ScoringAppExample.Species(Penguins.Directory));
    }

    [Fact]
    public void Batch_of_two_rows_refuses_only_the_bad_one()
    {
        var good = new Dictionary<string, object?>
        {
            ["island"] = "Dream", ["bill_length_mm"] = 46.5, ["bill_depth_mm"] = 17.9, ["flipper_length_mm"] = 192.0,
            ["body_mass_g"] = 3500.0, ["sex"] = "female", ["year"] = "2007",
        };
        var bad = new Dictionary<string, object?>(good) { ["body_mass_g"] = "heavy" };

        var predictions = ScoringAppExample.Batch(Penguins.Directory, [good, bad]);

        Assert.Equal("Chinstrap", predictions[0]?.Label);
        Assert.Null(predictions[1]);
    }
}
