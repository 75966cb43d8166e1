using System.Globalization;
using MLCycle.Yaml;
using YamlDotNet.RepresentationModel;

namespace MLCycle.Pipelines;

/// <summary>
/// Reads the spec's <c>population</c> section: per sensitive column a mapping of group to expected share, and
/// <c>weights: true</c> to weight training rows toward those shares. A column literally named "weights" still works,
/// because its value is a mapping while the setting is a single value.
/// </summary>
internal static class SpecPopulationReader
{
    public const string WeightsKey = "weights";
    private const double SumTolerance = 0.01;

    public static PopulationSpec? Read(SpecMapping? population, IReadOnlyList<string> sensitive)
    {
        if (population is null) return null;
        var shares = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        var weights = false;
        foreach (var column in population.Keys.ToList())
        {
            population.ColumnName(column, column);
            if (column == WeightsKey && population.ValueNode(column) is not YamlMappingNode)
            {
                weights = population.Boolean(column) ?? false;
                continue;
            }
            if (!sensitive.Contains(column))
                throw population.Invalid(column, sensitive.Count == 0
                    ? $"'{column}' must be a sensitive column; list it in 'data.sensitive' first."
                    : $"'{column}' is not in 'data.sensitive' ({string.Join(", ", sensitive)}); expected shares are given for sensitive columns.");
            shares[column] = Shares(population.Section(column)
                ?? throw population.Invalid(column, "expected a mapping of group to share, such as { Female: 0.5, Male: 0.5 }, found nothing."));
        }
        if (shares.Count == 0)
            throw population.Fail(population.Node.Start, population.Path, "expected at least one sensitive column with its groups' shares, such as 'sex: { Female: 0.5, Male: 0.5 }'.");
        return new PopulationSpec { Shares = shares, Weights = weights };
    }

    private static Dictionary<string, double> Shares(SpecMapping column)
    {
        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var group in column.Keys.ToList())
        {
            var share = column.Number(group) ?? throw column.Invalid(group, "expected a share between 0 and 1, found nothing.");
            if (share is <= 0 or > 1) throw column.Invalid(group, $"expected a share above 0 and at most 1, found {Format(share)}.");
            shares[group] = share;
        }
        if (shares.Count == 0) throw column.Fail(column.Node.Start, column.Path, "expected at least one group with its share.");
        var sum = shares.Values.Sum();
        if (Math.Abs(sum - 1) > SumTolerance)
            throw column.Fail(column.Node.Start, column.Path, $"the shares sum to {Format(sum)}; expected 1 (within {Format(SumTolerance)}).");
        return shares;
    }

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
