using MLCycle.Data;
using MLCycle.Monitoring;
using MLCycle.Profiling;
using MLCycle.Registry;

namespace MLCycle.Tests.Monitoring;

public sealed class LoggedRequestTableTests
{
    private static readonly ModelManifest Manifest = new()
    {
        Name = "m",
        Task = TaskKind.Regression,
        Algorithm = "lightgbm",
        Target = "y",
        Inputs =
        [
            new InputColumn("x", ColumnKind.Numeric, true),
            new InputColumn("when", ColumnKind.DateTime, true),
            new InputColumn("city", ColumnKind.Categorical, true, ["a", "b"]),
        ],
        Reference = new DatasetProfile { Rows = 0, Columns = [] },
    };

    [Fact]
    public void Build_loggedJsonRows_givesTypedColumnsWithMissingForAbsentValues()
    {
        var entries = new[]
        {
            Entry("""{"x": 1.5, "when": "2024-01-02T00:00:00Z", "city": "a"}"""),
            Entry("""{"x": "2", "city": 7}"""),
            Entry("""{"x": null, "when": "not a date", "city": null}"""),
        };

        var table = LoggedRequestTable.Build(Manifest, entries);

        Assert.Equal([1.5, 2, double.NaN], table["x"].Numbers!);
        Assert.Equal(1704153600, table["when"].Numbers![0]);
        Assert.True(double.IsNaN(table["when"].Numbers![1]));
        Assert.True(double.IsNaN(table["when"].Numbers![2]));
        Assert.Equal(new string?[] { "a", "7", null }, table["city"].Strings!);
    }

    private static PredictionLogEntry Entry(string inputs) => new("m", 1, DateTimeOffset.UtcNow, inputs, "{}");
}
