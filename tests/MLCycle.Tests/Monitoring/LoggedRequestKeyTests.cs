using System.Text.Json;
using MLCycle.Monitoring;
using MLCycle.Profiling;
using MLCycle.Registry;

namespace MLCycle.Tests.Monitoring;

/// <summary>The key a logged row is kept under (monitor.key): a value a store cannot keep is logged without a key, so one hostile
/// row never fails the log's whole batch (PostgreSQL refuses a NUL in text; an unpaired surrogate is no text at all).</summary>
public sealed class LoggedRequestKeyTests
{
    private static readonly ModelManifest Manifest = new()
    {
        Name = "churn", Task = TaskKind.Binary, Algorithm = "LightGbm", Target = "churn",
        Inputs = [], Reference = new DatasetProfile { Rows = 1, Columns = [] }, Monitoring = new ModelMonitoring { Key = "customer" },
    };

    [Theory]
    [InlineData("\"c-17\"", "c-17")]
    [InlineData("17", "17")]
    [InlineData("\"a\\u0000b\"", null)]
    [InlineData("\"\\ud800x\"", null)]
    [InlineData("true", null)]
    [InlineData("\"\"", null)]
    public void KeyOf_rowValue_isTheKeyOnlyWhenAStoreCanKeepIt(string json, string? expected)
    {
        using var row = JsonDocument.Parse($"{{\"customer\":{json}}}");
        var values = row.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);

        Assert.Equal(expected, LoggedRequestTable.KeyOf(Manifest, values));
    }
}
