using MLCycle.Data;

namespace MLCycle.Pipelines;

/// <summary>Checks that every column the spec names exists in the data, naming the key and its line when one does not.</summary>
public static class SpecColumnCheck
{
    public static void Verify(PipelineSpec spec, IReadOnlyList<ColumnInfo> schema)
    {
        var names = schema.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        Require(spec, "data.target", spec.Data.Target, names);
        foreach (var c in spec.Data.Ignore) Require(spec, "data.ignore", c, names);
        foreach (var c in spec.Data.Sensitive) Require(spec, "data.sensitive", c, names);
        foreach (var c in spec.Data.Types.Keys) Require(spec, "data.types", c, names);
        if (spec.Train.Fairness is { } fairness && !spec.Data.Sensitive.Contains(fairness.Column))
        {
            throw new MLCycleException(ErrorKind.BadSpec, spec.Data.Sensitive.Count == 0
                ? $"{spec.Where("train.fairness.column")}: '{fairness.Column}' must be a sensitive column; list it in 'data.sensitive' first."
                : $"{spec.Where("train.fairness.column")}: '{fairness.Column}' is not in 'data.sensitive' ({string.Join(", ", spec.Data.Sensitive)}); per-group thresholds are set on a sensitive column.");
        }
        foreach (var slice in spec.Evaluate.Slices)
        {
            Require(spec, "evaluate.slices", slice.Column, names);
            // The test rows are sliced as the model sees them, and an ignored column is not among them.
            if (spec.Data.Ignore.Contains(slice.Column))
                throw new MLCycleException(ErrorKind.BadSpec, $"{spec.Where("evaluate.slices")}: '{slice.Column}' is in 'data.ignore'; slice by a column the model reads.");
        }
        if (spec.Evaluate.BaselineKey is { } key) Require(spec, "evaluate.baseline_key", key, names);
        if (spec.Split.Group is { } group) Require(spec, "split.group", group, names);
        if (spec.Split.Time is { } time) Require(spec, "split.time", time, names);
        if (spec.Data.Target == spec.Split.Group || spec.Data.Target == spec.Split.Time)
            throw new MLCycleException(ErrorKind.BadSpec, $"{spec.Where(spec.Split.Group is null ? "split.time" : "split.group")}: the target '{spec.Data.Target}' cannot also split the rows.");
        if (spec.Data.Ignore.Contains(spec.Data.Target))
            throw new MLCycleException(ErrorKind.BadSpec, $"{spec.Where("data.ignore")}: the target '{spec.Data.Target}' cannot be ignored.");
        if (schema.Count < 2)
            throw new MLCycleException(ErrorKind.BadSpec, $"{spec.DataName}: found {schema.Count} column(s); training needs the target and at least one feature.");
    }

    private static void Require(PipelineSpec spec, string key, string column, HashSet<string> names)
    {
        if (names.Contains(column)) return;
        var close = names.FirstOrDefault(n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
        var hint = close is null ? $"columns are: {string.Join(", ", names.Take(30))}" : $"did you mean '{close}'?";
        throw new MLCycleException(ErrorKind.BadSpec, $"{spec.Where(key)}: column '{column}' is not in {spec.DataName} ({hint}).");
    }
}
