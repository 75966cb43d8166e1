using System.Text.RegularExpressions;
using MLCycle.Data;
using MLCycle.Preparation.Treatments;

namespace MLCycle.Pipelines;

/// <summary>Checks the spec's treatments against the data's columns, naming the key and its line when one does not fit.</summary>
public static partial class TreatmentSpecCheck
{
    /// <summary>Throws an <see cref="MLCycleException"/> (<see cref="ErrorKind.BadSpec"/>) at the first treatment that names a missing, excluded or unsuitable column.</summary>
    public static void Verify(PipelineSpec spec, IReadOnlyList<ColumnInfo> schema)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(schema);
        var treatments = spec.Prepare.Treatments;
        if (treatments.IsEmpty) return;
        var excluded = spec.Data.Ignore.Append(spec.Data.Target).ToHashSet(StringComparer.Ordinal);
        foreach (var (section, columns) in new[] { ("sentinels", treatments.Sentinels.Keys), ("outliers", treatments.Outliers.Keys) })
        {
            foreach (var column in columns.Where(excluded.Contains))
            {
                var role = column == spec.Data.Target ? "the target" : "ignored (data.ignore)";
                throw Fail(spec, $"{section}.{column}", $"column '{column}' is {role}; treatments apply to feature columns.");
            }
        }
        var features = schema.Where(c => !excluded.Contains(c.Name)).ToList();
        if (TreatmentCheck.Check(treatments, features) is [var problem, ..]) throw Fail(spec, problem.KeyPath, problem.Message);
    }

    private static MLCycleException Fail(PipelineSpec spec, string keyPath, string message)
    {
        var path = "prepare." + keyPath;
        // A list item ("sentinels.age[0]") sits on its list's line.
        var line = spec.KeyLines.TryGetValue(ListIndex().Replace(path, ""), out var l) ? $"line {l}, " : "";
        return new MLCycleException(ErrorKind.BadSpec, $"{spec.SpecPath}: {line}'{path}': {message}");
    }

    [GeneratedRegex(@"\[\d+\]$")]
    private static partial Regex ListIndex();
}
