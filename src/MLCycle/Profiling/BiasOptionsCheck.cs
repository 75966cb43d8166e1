using System.Globalization;
using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>Checks bias options against themselves and against the file's columns; every failure is a spec error (<see cref="ErrorKind.BadSpec"/>).</summary>
internal static class BiasOptionsCheck
{
    public const double ShareSumTolerance = 0.01;

    /// <summary>What can be checked before the file is opened.</summary>
    public static void CheckShape(BiasOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Sensitive.Count == 0) throw Spec("Bias check needs at least one sensitive column; none was given.");
        var twice = options.Sensitive.GroupBy(s => s, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw Spec($"Sensitive column '{twice.Key}' is listed twice.");
        if (options.Target is { } target && options.Sensitive.Contains(target, StringComparer.Ordinal))
            throw Spec($"Column '{target}' is both the target and a sensitive column; the target rate per group needs them apart.");
        if (!(options.UnderRepresentedShare is >= 0 and <= 1))
            throw Spec($"UnderRepresentedShare must be between 0 and 1; found {Number(options.UnderRepresentedShare)}.");
        if (options.Bands < 2) throw Spec($"Bands must be at least 2; found {options.Bands}.");
        if (options.MaxUnbandedValues < 1) throw Spec($"MaxUnbandedValues must be at least 1; found {options.MaxUnbandedValues}.");

        foreach (var (column, edges) in options.BandEdges ?? new Dictionary<string, IReadOnlyList<double>>())
        {
            RequireSensitive(options, column, "BandEdges");
            var ascending = edges.Count >= 2 && edges.All(double.IsFinite) && edges.Zip(edges.Skip(1)).All(p => p.First < p.Second);
            if (!ascending)
                throw Spec($"BandEdges for '{column}' must be at least two finite numbers in strictly ascending order; found [{string.Join(", ", edges.Select(Number))}].");
        }

        foreach (var (column, shares) in options.ExpectedShares ?? new Dictionary<string, IReadOnlyDictionary<string, double>>())
        {
            RequireSensitive(options, column, "ExpectedShares");
            if (shares.Count == 0) throw Spec($"ExpectedShares for '{column}' lists no groups.");
            foreach (var (group, share) in shares)
                if (!(share > 0) || !double.IsFinite(share))
                    throw Spec($"ExpectedShares for '{column}' gives group '{group}' the share {Number(share)}; expected a share above 0 " +
                        "(leave a group out to keep it out of the comparison).");
            var sum = shares.Values.Sum();
            if (Math.Abs(sum - 1) > ShareSumTolerance)
                throw Spec($"ExpectedShares for '{column}' sum to {Number(sum)}; expected 1 (within {Number(ShareSumTolerance)}).");
        }
    }

    /// <summary>Every named column must be in the file; banded columns must hold numbers.</summary>
    public static void CheckColumns(BiasOptions options, IReadOnlyList<ColumnInfo> columns, string path)
    {
        var byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var named = options.Sensitive.Select(s => (s, "Sensitive column")).ToList();
        if (options.Target is { } target) named.Add((target, "Target column"));
        foreach (var (name, role) in named)
            if (!byName.ContainsKey(name))
                throw Spec($"{role} '{name}' is not in '{path}'; its columns are {string.Join(", ", columns.Select(c => c.Name))}.");
        foreach (var column in (options.BandEdges ?? new Dictionary<string, IReadOnlyList<double>>()).Keys)
            if (!BandsNumbers(byName[column].Kind))
                throw Spec($"BandEdges names '{column}', which is {byName[column].Kind.ToString().ToLowerInvariant()} in '{path}'; only numeric columns are banded.");
    }

    /// <summary>Whether a column of this kind holds numbers that can be cut into bands (Boolean has two values and never needs it).</summary>
    public static bool BandsNumbers(ColumnKind kind) => kind is ColumnKind.Numeric or ColumnKind.DateTime;

    public static MLCycleException Spec(string message) => new(ErrorKind.BadSpec, message);

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static void RequireSensitive(BiasOptions options, string column, string setting)
    {
        if (!options.Sensitive.Contains(column, StringComparer.Ordinal))
            throw Spec($"{setting} names column '{column}', which is not a sensitive column; the sensitive columns are {string.Join(", ", options.Sensitive)}.");
    }
}
