using MLCycle.Training;
using static MLCycle.Tests.Training.SyntheticTables;

namespace MLCycle.Tests.Training;

public class TaskDetectorTests
{
    [Fact]
    public void Detect_two_strings_is_binary() =>
        Assert.Equal(TaskKind.Binary, TaskDetector.Detect(Strings("t", ["Yes", "No", null, "Yes"])));

    [Fact]
    public void Detect_three_strings_is_multiclass() =>
        Assert.Equal(TaskKind.Multiclass, TaskDetector.Detect(Strings("t", ["a", "b", "c"])));

    [Fact]
    public void Detect_two_numbers_is_binary() =>
        Assert.Equal(TaskKind.Binary, TaskDetector.Detect(Numbers("t", [0, 1, 1, double.NaN])));

    [Fact]
    public void Detect_few_whole_numbers_is_multiclass() =>
        Assert.Equal(TaskKind.Multiclass, TaskDetector.Detect(Numbers("t", [1, 2, 3, 2, 1])));

    [Fact]
    public void Detect_fractional_numbers_is_regression() =>
        Assert.Equal(TaskKind.Regression, TaskDetector.Detect(Numbers("t", [1.5, 2, 3])));

    [Fact]
    public void Detect_more_than_twenty_whole_numbers_is_regression() =>
        Assert.Equal(TaskKind.Regression, TaskDetector.Detect(Numbers("t", Enumerable.Range(0, 21).Select(i => (double)i).ToArray())));

    [Fact]
    public void Detect_single_value_target_is_refused_naming_the_column()
    {
        var error = Assert.Throws<MLCycleException>(() => TaskDetector.Detect(Strings("churn", ["No", "No", null])));

        Assert.Contains("'churn'", error.Message);
    }
}
