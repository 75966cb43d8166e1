using MLCycle.Pipelines;

namespace MLCycle.Tests.Pipelines;

public sealed class SpecExpectationsKeyTests
{
    [Fact]
    public void Parse_expectationsKey_resolvesAgainstTheSpecFolder()
    {
        var spec = SpecLoader.Parse("name: m\ndata:\n  path: d.csv\n  target: y\nexpectations: checks/suite.yaml\n", "/work/specs/mlcycle.yaml");
        Assert.Equal("/work/specs/checks/suite.yaml", spec.ExpectationsPath);
        Assert.Equal(5, spec.KeyLines["expectations"]);
    }

    [Fact]
    public void Parse_noExpectationsKey_leavesItNull()
    {
        var spec = SpecLoader.Parse("name: m\ndata:\n  path: d.csv\n  target: y\n", "/work/specs/mlcycle.yaml");
        Assert.Null(spec.ExpectationsPath);
        Assert.Equal("/work/specs/mlcycle.yaml: line 4, 'data.target'", spec.Where("data.target"));
    }
}
