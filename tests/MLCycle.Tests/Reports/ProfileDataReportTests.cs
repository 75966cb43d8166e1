using MLCycle.Data;
using MLCycle.Profiling;

namespace MLCycle.Tests.Reports;

public class ProfileDataReportTests
{
    [Fact]
    public void Create_issues_areListedUnderTheirColumnAndAllAtTheTop()
    {
        var report = DataReport.Create(ProfileSamples.Small());

        Assert.Equal(1000, report.Rows);
        Assert.Equal(4, report.Issues.Count);
        var tenure = report.Columns.Single(c => c.Name == "tenure");
        var issue = Assert.Single(tenure.Issues);
        Assert.Equal(DataIssueKinds.Outliers, issue.Kind);
        Assert.Equal(3, issue.Count);
        Assert.Equal([5L, 9L], issue.Examples.Select(e => e.Row));
        Assert.Empty(report.Columns.Single(c => c.Name == "churn").Issues);
        // The whole-table duplicate issue belongs to no column.
        Assert.Equal(3, report.Columns.Sum(c => c.Issues.Count));
    }

    [Fact]
    public void Create_numericColumn_hasMomentsAndMedian()
    {
        var stats = DataReport.Create(ProfileSamples.Small()).Columns.Single(c => c.Name == "tenure");

        Assert.Equal(ColumnKind.Numeric, stats.Type);
        Assert.Equal(250, stats.Missing);
        Assert.Equal(72, stats.Distinct);
        Assert.Equal(32.4, stats.Stats.Mean);
        Assert.Equal(24.6, stats.Stats.Std);
        Assert.Equal(0, stats.Stats.Min);
        Assert.Equal(36, stats.Stats.Median!.Value, 9);
        Assert.Equal(72, stats.Stats.Max);
    }

    [Fact]
    public void Create_categoricalColumn_hasTopValuesAndNoMoments()
    {
        var report = DataReport.Create(ProfileSamples.Wide(2));
        var stats = report.Columns[1].Stats;

        Assert.Null(stats.Mean);
        Assert.Null(stats.Median);
        Assert.Equal(DataReportStats.TopValuesListed, stats.Top.Count);
        Assert.Equal(new ValueCount("a rather long category value number 0", 500_000), stats.Top[0]);
    }

    [Fact]
    public void Create_withBias_givesOneEntryPerSensitiveColumn()
    {
        var report = DataReport.Create(ProfileSamples.Small(), ProfileSamples.Bias());

        var sex = Assert.Single(report.Bias);
        Assert.Equal(["sex"], sex.Columns);
        Assert.Equal([("female", 520L, false), ("male", 460L, false), (ProfileSamples.EvilName, 20L, true)],
            sex.Groups.Select(g => (g.Group, g.Rows, g.UnderRepresented)));
        Assert.Equal(0.25, sex.Groups[1].TargetRate);
        Assert.Equal(ProfileSamples.Bias().Findings, sex.Findings);
        Assert.Null(sex.PopulationGap);
    }

    [Fact]
    public void Create_withoutBias_hasNoBiasEntries() => Assert.Empty(DataReport.Create(ProfileSamples.Small()).Bias);
}
