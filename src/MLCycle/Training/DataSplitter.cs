namespace MLCycle.Training;

/// <summary>
/// Seeded train/test splits and cross-validation folds. With labels, each class is shuffled on its own
/// (classes in ordinal order, one <c>new Random(seed)</c>) so every part keeps the class proportions.
/// </summary>
public static class DataSplitter
{
    /// <summary>Row indices of the training and test parts, each ascending; labels null means no stratification.</summary>
    public static (int[] Train, int[] Test) Split(int rows, double testFraction, int seed, IReadOnlyList<string>? labels = null)
    {
        if (testFraction is <= 0 or >= 1) throw new MLCycleException(ErrorKind.BadSpec, $"Test fraction must be between 0 and 1 (exclusive); found {testFraction}.");
        var train = new List<int>();
        var test = new List<int>();
        var random = new Random(seed);
        foreach (var group in Groups(rows, labels))
        {
            Shuffle(group, random);
            var held = (int)Math.Round(group.Length * testFraction, MidpointRounding.AwayFromZero);
            // A class keeps at least one training row whenever it has one.
            held = Math.Min(held, group.Length - 1);
            test.AddRange(group.Take(held));
            train.AddRange(group.Skip(held));
        }
        train.Sort();
        test.Sort();
        return (train.ToArray(), test.ToArray());
    }

    /// <summary>k disjoint validation folds covering 0..rows-1, each ascending; rows of a class are dealt round-robin.</summary>
    public static int[][] Folds(int rows, int k, int seed, IReadOnlyList<string>? labels = null)
    {
        if (k < 2) throw new MLCycleException(ErrorKind.BadSpec, $"Cross-validation needs at least 2 folds; found {k}.");
        if (k > rows) throw new MLCycleException(ErrorKind.BadSpec, $"Cross-validation with {k} folds needs at least {k} training rows; found {rows}.");
        var folds = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        var random = new Random(seed);
        var next = 0;
        foreach (var group in Groups(rows, labels))
        {
            Shuffle(group, random);
            foreach (var row in group) folds[next++ % k].Add(row);
        }
        return folds.Select(f => f.Order().ToArray()).ToArray();
    }

    private static IEnumerable<int[]> Groups(int rows, IReadOnlyList<string>? labels)
    {
        if (labels is null) return [Enumerable.Range(0, rows).ToArray()];
        if (labels.Count != rows) throw new ArgumentException($"Expected {rows} labels, found {labels.Count}.", nameof(labels));
        return Enumerable.Range(0, rows).GroupBy(r => labels[r], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray());
    }

    private static void Shuffle(int[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
