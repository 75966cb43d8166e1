using MLCycle.Data;

namespace MLCycle.Training;

/// <summary>
/// Guesses the task from the target column: two distinct values -> Binary; strings, or at most 20 distinct whole
/// numbers -> Multiclass; any other numbers -> Regression. Missing values are ignored.
/// </summary>
public static class TaskDetector
{
    public const int MaxIntegerClasses = 20;

    public static TaskKind Detect(TableColumn target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Strings is { } strings)
        {
            var labels = strings.Where(s => s is not null).Distinct(StringComparer.Ordinal).Take(3).Count();
            RequireTwo(target, labels);
            return labels == 2 ? TaskKind.Binary : TaskKind.Multiclass;
        }
        var values = target.Numbers!.Where(v => !double.IsNaN(v)).Distinct().Take(MaxIntegerClasses + 1).ToList();
        RequireTwo(target, values.Count);
        if (values.Count == 2) return TaskKind.Binary;
        return values.Count <= MaxIntegerClasses && values.All(v => v == Math.Floor(v)) ? TaskKind.Multiclass : TaskKind.Regression;
    }

    private static void RequireTwo(TableColumn target, int distinct)
    {
        if (distinct < 2)
        {
            throw new MLCycleException(ErrorKind.BadData, $"Target column '{target.Name}' has {distinct} distinct non-missing value(s); a model needs at least 2 to learn from.");
        }
    }
}
