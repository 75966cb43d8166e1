using System.Text.Json;
using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Serving;

namespace MLCycle.Tests.Serving;

/// <summary>A number outside what training saw is scored, never silently: a warning names the row, column, value and training range.</summary>
public sealed class OutOfRangeTests(PackagedModelFixture fixture) : IClassFixture<PackagedModelFixture>
{
    [Fact]
    public async Task Score_valuesOutsideTrainingRange_scoresThemWithAWarningPerRow()
    {
        using var model = await LoadWithRangeAsync(0, 10);

        var result = model.Score([Row(new { x = -500, color = "red", flag = true, when = 0 }), Row(new { x = 1e308, color = "red", flag = true, when = 0 }),
            Row(new { x = 10, color = "red", flag = true, when = 0 }), Row(new { x = (double?)null, color = "red", flag = true, when = 0 })]);

        Assert.True(result.IsValid);
        Assert.All(result.Predictions, p => Assert.NotNull(p!.Label));
        Assert.Equal([
            "row 0: column 'x' value -500 is outside the training range [0, 10]; scored anyway",
            "row 1: column 'x' value 1E+308 is outside the training range [0, 10]; scored anyway",
        ], result.Warnings);
        Assert.Equal(2, result.WarningKinds[ScoringWarningKind.OutOfRange]);
    }

    [Fact]
    public async Task Score_tableOutsideTrainingRange_warnsLikeJson()
    {
        using var model = await LoadWithRangeAsync(0, 10);
        var table = new Table([
            TableColumn.FromNumbers(new ColumnInfo("x", ColumnKind.Numeric, "DOUBLE"), [11.5]),
            TableColumn.FromStrings(new ColumnInfo("color", ColumnKind.Categorical, "VARCHAR"), ["red"]),
            TableColumn.FromNumbers(new ColumnInfo("flag", ColumnKind.Boolean, "DOUBLE"), [1]),
            TableColumn.FromNumbers(new ColumnInfo("when", ColumnKind.DateTime, "DOUBLE"), [0]),
        ]);

        var result = model.Score(table);

        Assert.Equal(["row 0: column 'x' value 11.5 is outside the training range [0, 10]; scored anyway"], result.Warnings);
    }

    [Fact]
    public async Task Score_profileWithoutTheColumn_givesNoRangeWarning()
    {
        using var model = await LoadedModel.LoadAsync(fixture.Binary.Directory);

        var result = model.Score([Row(new { x = -500, color = "red", flag = true, when = 0 })]);

        Assert.Empty(result.Warnings);
    }

    private async Task<LoadedModel> LoadWithRangeAsync(double min, double max)
    {
        var copy = fixture.CopyBinary();
        var manifest = await ModelPackage.ReadManifestAsync(copy);
        var profile = new ColumnProfile { Name = "x", Kind = ColumnKind.Numeric, Count = 300, Numeric = new NumericStats(min, max, 5, 2.9, []) };
        manifest = manifest with { Reference = manifest.Reference with { Columns = [profile] } };
        await File.WriteAllTextAsync(Path.Combine(copy, ModelPackage.ManifestFile), JsonSerializer.Serialize(manifest, ModelPackageJson.Options));
        return await LoadedModel.LoadAsync(copy);
    }

    private static Dictionary<string, JsonElement> Row(object values) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(values))!;
}
