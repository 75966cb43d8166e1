using MLCycle.Data;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>Decides the task from the spec and the target column, and shapes the target column for it.</summary>
public static class SpecTask
{
    public static TaskKind Resolve(PipelineSpec spec, TableColumn target)
    {
        // Rows without a label are left out of training and counted in the run summary.
        var distinct = target.FormatAll().Where(v => v is not null).Distinct().Count();
        var task = spec.Data.Task switch
        {
            TaskSetting.Binary => TaskKind.Binary,
            TaskSetting.Multiclass => TaskKind.Multiclass,
            TaskSetting.Regression => TaskKind.Regression,
            _ => TaskDetector.Detect(target),
        };
        if (task == TaskKind.Regression && target.Numbers is null)
            throw new MLCycleException(ErrorKind.BadSpec, $"{spec.Where("data.task")}: regression needs a numeric target, but '{target.Name}' holds text (e.g. '{target.Format(0)}').");
        if (task == TaskKind.Binary && distinct != 2)
            throw new MLCycleException(ErrorKind.BadSpec, $"{spec.Where("data.task")}: binary classification needs exactly 2 classes in '{target.Name}', found {distinct}.");
        if (task == TaskKind.Multiclass && distinct < 2)
            throw new MLCycleException(ErrorKind.BadSpec, $"{spec.Where("data.target")}: '{target.Name}' has a single class; there is nothing to learn.");
        return task;
    }

    /// <summary>Classification targets become text so labels keep their spelling ("Yes", "1", "Adelie").</summary>
    public static Table WithTargetFor(TaskKind task, Table table, PipelineSpec spec)
    {
        var target = table[spec.Data.Target];
        if (task == TaskKind.Regression || target.Strings is not null) return table;
        var labels = target.FormatAll();
        var asText = TableColumn.FromStrings(target.Info with { Kind = ColumnKind.Categorical }, labels);
        return new Table(table.Columns.Select(c => c.Name == target.Name ? asText : c).ToList());
    }
}
