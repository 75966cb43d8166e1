namespace MLCycle.Preparation;

/// <summary>The per-slot replacement for missing numeric values, computed from training rows.</summary>
public static class ImputationValues
{
    /// <summary>One value per numeric slot: the mean, median or most frequent non-missing value (0 when a slot has none).</summary>
    public static float[] Compute(IReadOnlyList<FeatureRow> rows, int slots, MissingStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (strategy is MissingStrategy.Auto or MissingStrategy.Mean or MissingStrategy.Drop) return Means(rows, slots);
        var result = new float[slots];
        var values = new List<float>(rows.Count);
        for (var s = 0; s < slots; s++)
        {
            values.Clear();
            foreach (var row in rows)
            {
                var v = row.Numeric[s];
                if (!float.IsNaN(v)) values.Add(v);
            }
            result[s] = values.Count == 0 ? 0f : strategy switch
            {
                MissingStrategy.Median => Median(values),
                MissingStrategy.MostFrequent => MostFrequent(values),
                _ => (float)values.Average(v => (double)v),
            };
        }
        return result;
    }

    // Row by row, since each row's vector is one array: the same sums in the same order as averaging slot by slot,
    // without reading thousands of arrays a value at a time on wide data.
    private static float[] Means(IReadOnlyList<FeatureRow> rows, int slots)
    {
        var sums = new double[slots];
        var counts = new int[slots];
        foreach (var row in rows)
        {
            var numeric = row.Numeric;
            for (var s = 0; s < slots; s++)
            {
                var v = numeric[s];
                if (float.IsNaN(v)) continue;
                sums[s] += v;
                counts[s]++;
            }
        }
        var result = new float[slots];
        for (var s = 0; s < slots; s++) result[s] = counts[s] == 0 ? 0f : (float)(sums[s] / counts[s]);
        return result;
    }

    private static float Median(List<float> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (float)((values[mid - 1] + (double)values[mid]) / 2);
    }

    // Ties go to the smallest value so the choice does not depend on row order.
    private static float MostFrequent(List<float> values) =>
        values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
}
