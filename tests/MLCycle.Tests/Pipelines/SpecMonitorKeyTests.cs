using MLCycle.Pipelines;

namespace MLCycle.Tests.Pipelines;

public sealed class SpecMonitorKeyTests
{
    private const string File = "/specs/mlcycle.yaml";

    private const string Minimal = """
        name: churn
        data:
          path: telco_churn.csv
          target: churn

        """;

    [Fact]
    public void Parse_monitorKey_isRead() =>
        Assert.Equal("customerID", SpecLoader.Parse(Minimal + "monitor: { psi: 0.2, key: customerID }\n", File).Monitor.Key);

    [Fact]
    public void Parse_noMonitorKey_isNull() => Assert.Null(SpecLoader.Parse(Minimal + "monitor: { psi: 0.2 }\n", File).Monitor.Key);

    [Fact]
    public void Parse_blankMonitorKey_isRefusedNamingTheKey()
    {
        var error = Assert.Throws<MLCycleException>(() => SpecLoader.Parse(Minimal + "monitor: { key: \" \" }\n", File));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("key", error.Message);
        Assert.Contains("customerID", error.Message);
    }
}
