using MLCycle.Data;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>The spec's <c>split.group</c> or <c>split.time</c> column read from the data, before ignored columns are dropped.</summary>
public static class SpecRowSplit
{
    /// <summary>The groups or times of every row of <paramref name="table"/>, or null for a random split.</summary>
    public static RowSplit? From(PipelineSpec spec, Table table)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(table);
        if (spec.Split.Group is { } group) return RowSplit.ByGroup(group, table[group].FormatAll());
        if (spec.Split.Time is not { } time) return null;
        var column = table[time];
        if (column.Kind is not (ColumnKind.Numeric or ColumnKind.DateTime))
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"{spec.Where("split.time")}: column '{time}' is {column.Kind.ToString().ToLowerInvariant()}; a time split needs a date or a number that orders the rows (declare it under data.types if it was read as text).");
        }
        try
        {
            return RowSplit.ByTime(time, column.Numbers!, column.Kind == ColumnKind.DateTime);
        }
        catch (MLCycleException e)
        {
            throw new MLCycleException(e.Kind, $"{spec.DataName}: {e.Message}", e);
        }
    }
}
