namespace MLCycle.Training;

/// <summary>
/// Seeded splits that keep every group on one side: the test part and each cross-validation fold take whole groups.
/// Missing values form one group of their own.
/// </summary>
public static class GroupSplitter
{
    /// <summary>Whole groups, in a seeded random order, go to the test part until it holds the test share of the rows; at least one group stays for training.</summary>
    public static (int[] Train, int[] Test) Split(IReadOnlyList<string?> groups, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (testFraction is <= 0 or >= 1) throw new MLCycleException(ErrorKind.BadSpec, $"Test fraction must be between 0 and 1 (exclusive); found {testFraction}.");
        var members = Members(groups);
        if (members.Count < 2) throw new MLCycleException(ErrorKind.BadData, $"A group split needs at least 2 groups; the data has {members.Count}.");
        var order = members.ToArray();
        Shuffle(order, new Random(seed));
        var wanted = Math.Max(1, (int)Math.Round(groups.Count * testFraction, MidpointRounding.AwayFromZero));
        var test = new List<int>();
        var train = new List<int>();
        for (var i = 0; i < order.Length; i++)
        {
            // The last group trains when nothing else does, so the training part is never empty.
            var lastChance = i == order.Length - 1 && train.Count == 0;
            (test.Count < wanted && !lastChance ? test : train).AddRange(order[i]);
        }
        train.Sort();
        test.Sort();
        return (train.ToArray(), test.ToArray());
    }

    /// <summary>k validation folds of whole groups: groups in a seeded random order, largest first, each to the fold with the fewest rows so far.</summary>
    public static int[][] Folds(IReadOnlyList<string?> groups, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (k < 2) throw new MLCycleException(ErrorKind.BadSpec, $"Cross-validation needs at least 2 folds; found {k}.");
        var members = Members(groups).ToArray();
        if (members.Length < k) throw new MLCycleException(ErrorKind.BadData, $"Cross-validation with {k} folds by group needs at least {k} groups in the training part; found {members.Length}.");
        Shuffle(members, new Random(seed));
        var folds = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        foreach (var group in members.OrderByDescending(g => g.Length))
        {
            folds.MinBy(f => f.Count)!.AddRange(group);
        }
        return folds.Select(f => f.Order().ToArray()).ToArray();
    }

    // Groups in ordinal order of their key (missing first), so the seeded shuffle alone decides the order.
    private static List<int[]> Members(IReadOnlyList<string?> groups) =>
        Enumerable.Range(0, groups.Count).GroupBy(r => (Missing: groups[r] is null, Key: groups[r] ?? ""))
            .OrderBy(g => !g.Key.Missing).ThenBy(g => g.Key.Key, StringComparer.Ordinal).Select(g => g.ToArray()).ToList();

    private static void Shuffle(int[][] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
