using MLCycle.Statistics;

namespace MLCycle.Profiling;

/// <summary>
/// Compares a column's observed group counts with expected population shares by a chi-squared goodness-of-fit test.
/// Groups without an expected share are left out, so the test and the weights are over the rows of listed groups;
/// shares are rescaled to sum to exactly 1 (they may be off by up to 0.01).
/// </summary>
internal static class BiasGapTest
{
    public static BiasPopulationGap Compare(string column, IReadOnlyDictionary<string, double> expected, IReadOnlyList<BiasGroupShare> groups)
    {
        var observed = groups.ToDictionary(g => g.Values[0], g => g.Count, StringComparer.Ordinal);
        foreach (var group in expected.Keys)
            if (!observed.ContainsKey(group))
                throw BiasOptionsCheck.Spec($"ExpectedShares for '{column}' names group '{group}', which is not in the data; " +
                    $"its groups are {string.Join(", ", groups.Select(g => $"'{g.Values[0]}'"))}.");

        var listedRows = expected.Keys.Sum(g => observed[g]);
        var shareSum = expected.Values.Sum();
        var chiSquared = 0.0;
        var rows = new List<BiasGroupGap>(expected.Count);
        foreach (var (group, rawShare) in expected)
        {
            var share = rawShare / shareSum;
            var count = observed[group];
            var expectedCount = share * listedRows;
            chiSquared += (count - expectedCount) * (count - expectedCount) / expectedCount;
            var observedShare = (double)count / listedRows;
            rows.Add(new BiasGroupGap(group, count, observedShare, share, expectedCount, share / observedShare));
        }
        var df = expected.Count - 1;
        return new BiasPopulationGap
        {
            Column = column,
            Groups = rows,
            ChiSquared = chiSquared,
            DegreesOfFreedom = df,
            // One listed group holds every listed row by definition: nothing to test.
            PValue = df == 0 ? 1 : ChiSquaredDistribution.Survival(chiSquared, df),
            UnlistedRows = observed.Values.Sum() - listedRows,
        };
    }
}
