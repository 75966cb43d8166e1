using MLCycle.Data;
using MLCycle.Data.Snapshots;
using MLCycle.Profiling;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>
/// Runs the bias check against the spec's <c>population</c> before anything is written: group shares, under-represented
/// groups, and the chi-squared gap to the expected shares. A group the spec names that the data never holds is a spec error.
/// </summary>
public static class PopulationCheck
{
    public static async Task<BiasReport?> CheckAsync(PipelineSpec spec, TaskKind task, DataSnapshot snapshot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(snapshot);
        var table = snapshot.Table;
        if (spec.Population is not { } population) return null;
        var options = new BiasOptions { Sensitive = spec.Data.Sensitive, ExpectedShares = population.Shares };
        foreach (var (column, shares) in population.Shares) RequireGroupsInData(spec, column, shares, table[column], options.MaxUnbandedValues);
        options = WithTarget(options, spec, task, table);
        try
        {
            return await new BiasChecker().CheckAsync(snapshot, options, ct);
        }
        catch (MLCycleException e) when (e.Kind == ErrorKind.BadSpec)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"{spec.Where("population")}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Names a group the data never holds at its own key, with the groups found, so a misspelt group is not mistaken for
    /// a missing one. Numeric columns with many values are banded by the check itself, which refuses unknown bands.
    /// </summary>
    private static void RequireGroupsInData(PipelineSpec spec, string name, IReadOnlyDictionary<string, double> shares, TableColumn values, int maxUnbanded)
    {
        var column = new BiasColumn(name, values.Kind, null);
        var found = Enumerable.Range(0, values.Length).Select(r => column.GroupOf(values, r)).ToHashSet(StringComparer.Ordinal);
        if (values.Strings is null && found.Count(g => g != BiasColumn.MissingGroup) > maxUnbanded) return;
        foreach (var group in shares.Keys.Where(g => !found.Contains(g)))
            throw new MLCycleException(ErrorKind.BadSpec,
                $"{spec.Where($"population.{name}.{group}")}: group '{group}' of '{name}' never occurs in {spec.DataName}; " +
                $"its groups are {string.Join(", ", found.Order(StringComparer.Ordinal).Take(30).Select(g => $"'{g}'"))}.");
    }

    /// <summary>Target rates per group where they have a clear meaning: the positive class of a binary task, the mean of a regression target.</summary>
    private static BiasOptions WithTarget(BiasOptions options, PipelineSpec spec, TaskKind task, Table table)
    {
        var target = spec.Data.Target;
        if (spec.Data.Sensitive.Contains(target) || task == TaskKind.Multiclass) return options;
        if (task == TaskKind.Regression) return options with { Target = target };
        var counts = table[target].FormatAll().OfType<string>().GroupBy(v => v, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        return options with { Target = target, PositiveClass = PositiveClassRule.Order(counts, spec.Data.PositiveClass)[1] };
    }
}
