using MLCycle.Pipelines;
using MLCycle.Validation;

namespace MLCycle.Tests.Pipelines;

/// <summary>Deeply nested YAML is refused with its line instead of overflowing the stack (which would kill the process).</summary>
public sealed class SpecYamlDepthTests
{
    [Fact]
    public void Parse_fiftyThousandNestedFlowLists_isRefusedNamingTheLine()
    {
        var yaml = "name: churn\ndata:\n  path: data.csv\n  target: " + new string('[', 50_000) + new string(']', 50_000) + "\n";

        var e = Assert.Throws<MLCycleException>(() => SpecLoader.Parse(yaml, "/tmp/mlcycle.yaml"));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("line 4", e.Message);
        Assert.Contains("nested more than 64 levels", e.Message);
    }

    [Fact]
    public void Parse_nestedFlowMappingsInASuite_isRefused()
    {
        var yaml = "columns: " + string.Concat(Enumerable.Repeat("{a: ", 10_000)) + "1" + new string('}', 10_000) + "\n";

        var e = Assert.Throws<MLCycleException>(() => ExpectationSuiteLoader.Parse(yaml, "/tmp/suite.yaml"));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("line 1", e.Message);
    }

    [Fact]
    public void Parse_sixtyFourLevels_isStillReadAsYaml()
    {
        // 62 nested lists under the two mappings of the spec: exactly at the limit, so the error is about the value, not the depth.
        var yaml = "name: churn\ndata:\n  path: data.csv\n  target: " + new string('[', 62) + "x" + new string(']', 62) + "\n";

        var e = Assert.Throws<MLCycleException>(() => SpecLoader.Parse(yaml, "/tmp/mlcycle.yaml"));

        Assert.DoesNotContain("nested more than", e.Message);
    }
}
