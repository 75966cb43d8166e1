using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling;

public sealed class DatasetProfilerMemoryLimitTests
{
    private readonly DatasetProfiler _profiler = new();

    [Fact]
    public async Task ProfileAsync_memoryLimit_givesTheSameProfile()
    {
        var path = RepoFiles.Example("telco-churn", "telco_churn.csv");

        var free = await _profiler.ProfileAsync(path, null, new ProfileOptions { Target = "churn" });
        var limited = await _profiler.ProfileAsync(path, new TableReadOptions { MemoryLimit = "256MB" }, new ProfileOptions { Target = "churn" });

        Assert.Equal(7043, limited.Rows);
        Assert.Equal(free.Columns.Select(c => (c.Name, c.Kind, c.Missing, c.Distinct, c.Numeric?.Mean)), limited.Columns.Select(c => (c.Name, c.Kind, c.Missing, c.Distinct, c.Numeric?.Mean)));
        Assert.Equal(free.Issues.Select(i => (i.Kind, i.Column, i.Count)), limited.Issues.Select(i => (i.Kind, i.Column, i.Count)));
    }

    [Fact]
    public async Task ProfileAsync_badMemoryLimit_isASpecError()
    {
        var error = await Assert.ThrowsAsync<MLCycleException>(() =>
            _profiler.ProfileAsync(RepoFiles.Example("penguins", "penguins.csv"), new TableReadOptions { MemoryLimit = "1 gallon" }));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("'1 gallon'", error.Message);
    }

    [Fact]
    public async Task CheckAsync_memoryLimit_givesTheSameGroups()
    {
        var path = RepoFiles.Example("penguins", "penguins.csv");
        var options = new BiasOptions { Sensitive = ["sex", "island"] };

        var free = await new BiasChecker().CheckAsync(path, options);
        var limited = await new BiasChecker().CheckAsync(path, options, new TableReadOptions { MemoryLimit = "256MB" });

        Assert.Equal(free.Groups.Select(g => (g.Column, g.Label, g.Count, g.MissingShare)), limited.Groups.Select(g => (g.Column, g.Label, g.Count, g.MissingShare)));
        Assert.Equal(344, limited.Groups.Where(g => g.Column == "sex").Sum(g => g.Count));
    }
}
