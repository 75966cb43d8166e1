namespace MLCycle.Training;

/// <summary>
/// Splits that respect time: the test part is the latest rows, and cross-validation chains forward (scikit-learn's
/// <c>TimeSeriesSplit</c>): the rows in time order are cut into k + 1 blocks, and fold i trains on blocks 1..i and is
/// scored on block i + 1, so no model is ever scored on rows older than the ones it learnt from. Rows with equal times
/// keep their order in the data.
/// </summary>
public static class TimeSplitter
{
    /// <summary>The latest test share of the rows is the test part (at least one row, and at least one row left to train on).</summary>
    public static (int[] Train, int[] Test) Split(IReadOnlyList<double> times, double testFraction)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (testFraction is <= 0 or >= 1) throw new MLCycleException(ErrorKind.BadSpec, $"Test fraction must be between 0 and 1 (exclusive); found {testFraction}.");
        if (times.Count < 2) throw new MLCycleException(ErrorKind.BadData, $"A time split needs at least 2 rows; found {times.Count}.");
        var order = InTimeOrder(times);
        var held = Math.Clamp((int)Math.Round(times.Count * testFraction, MidpointRounding.AwayFromZero), 1, times.Count - 1);
        return (order[..^held].Order().ToArray(), order[^held..].Order().ToArray());
    }

    /// <summary>k forward-chaining folds over the rows in time order.</summary>
    public static CvFold[] Folds(IReadOnlyList<double> times, int k)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (k < 2) throw new MLCycleException(ErrorKind.BadSpec, $"Cross-validation needs at least 2 folds; found {k}.");
        if (times.Count < k + 1) throw new MLCycleException(ErrorKind.BadData, $"Forward-chaining cross-validation with {k} folds needs at least {k + 1} training rows; found {times.Count}.");
        var order = InTimeOrder(times);
        var block = times.Count / (k + 1);
        // The first training block takes the remainder, as scikit-learn does, so every validation block has the same size.
        return Enumerable.Range(0, k).Select(i =>
        {
            var start = times.Count - (k - i) * block;
            return new CvFold(order[..start].Order().ToArray(), order[start..(start + block)].Order().ToArray());
        }).ToArray();
    }

    private static int[] InTimeOrder(IReadOnlyList<double> times) =>
        Enumerable.Range(0, times.Count).OrderBy(r => times[r]).ToArray(); // OrderBy is stable: equal times keep data order
}
