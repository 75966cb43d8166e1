using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLCycle.Preparation;

/// <summary>
/// Keeps the features that say most about the label on their own: each slot of "Features" is scored by its mutual
/// information with the label over <see cref="Bins"/> quantile bins, and the best ones are kept by a slot-dropping
/// transformer that the caller appends to the chain, so it is saved inside the model and serving drops the same slots. Fitted on the
/// rows it is given only, so a cross-validation fold never chooses its features by its validation rows.
/// </summary>
public static class FeatureScreen
{
    /// <summary>Quantile bins a feature (and a regression label) is cut into for the mutual information.</summary>
    public const int Bins = 16;

    // Bin edges come from this many values spread evenly through the rows: enough for 16 bins, cheap for 2,000 features.
    private const int EdgeSample = 512;

    /// <summary>
    /// The transformer that keeps the <paramref name="keep"/> best slots of the "Features" column of <paramref name="prepared"/>
    /// (the preparation chain's output on the training rows), to append to that chain; null when there are no more slots
    /// than that. <paramref name="labels"/> holds one value per row: the class index when <paramref name="classes"/>, else
    /// the regression target.
    /// </summary>
    public static ITransformer? Fit(MLContext ml, IDataView prepared, IReadOnlyList<float> labels, bool classes, int keep)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        if (Slots(prepared) <= keep) return null;
        var features = Columns(prepared, labels.Count);
        return SlotSelector(ml, features.Length, Best(Scores(features, labels, classes), keep));
    }

    /// <summary>The mutual information (nats) of each feature with the label, both cut into quantile bins (a label with classes is used as it is).</summary>
    public static double[] Scores(float[][] features, IReadOnlyList<float> labels, bool classes)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        var label = new int[labels.Count];
        int groups;
        if (classes)
        {
            for (var r = 0; r < label.Length; r++) label[r] = (int)labels[r];
            groups = label.Length == 0 ? 1 : label.Max() + 1;
        }
        else
        {
            var values = labels.ToArray();
            var edges = Edges(values);
            for (var r = 0; r < label.Length; r++) label[r] = BinOf(edges, values[r]);
            groups = Bins + 1;
        }
        var scores = new double[features.Length];
        // Slots are independent, so the parallel loop gives the same scores as a sequential one.
        Parallel.For(0, features.Length, s => scores[s] = MutualInformation(features[s], label, groups));
        return scores;
    }

    /// <summary>The indices of the <paramref name="keep"/> highest scores, ties to the lower index, in slot order.</summary>
    public static int[] Best(double[] scores, int keep)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return Enumerable.Range(0, scores.Length).OrderByDescending(s => scores[s]).ThenBy(s => s).Take(keep).Order().ToArray();
    }

    private static int Slots(IDataView prepared)
    {
        var column = prepared.Schema[PreparationChain.FeaturesColumn];
        return column.Type is VectorDataViewType { Size: > 0 } vector ? vector.Size
            : throw new InvalidOperationException($"The chain's '{PreparationChain.FeaturesColumn}' column is {column.Type}, not a vector of known size.");
    }

    // One array of values per slot, read once from the chain's output.
    private static float[][] Columns(IDataView transformed, int rows)
    {
        var column = transformed.Schema[PreparationChain.FeaturesColumn];
        var slots = Slots(transformed);
        var features = new float[slots][];
        for (var s = 0; s < slots; s++) features[s] = new float[rows];
        using var cursor = transformed.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var row = default(VBuffer<float>);
        var r = 0;
        while (cursor.MoveNext())
        {
            if (r == rows) throw new ArgumentException($"The data has more rows than the {rows} labels given.", nameof(rows));
            getter(ref row);
            // Sparse slots (one-hot bags) are 0 where the buffer holds nothing; the arrays start at 0.
            var values = row.GetValues();
            if (row.IsDense)
            {
                for (var s = 0; s < values.Length; s++) features[s][r] = values[s];
            }
            else
            {
                var indices = row.GetIndices();
                for (var i = 0; i < values.Length; i++) features[indices[i]][r] = values[i];
            }
            r++;
        }
        if (r != rows) throw new ArgumentException($"The data has {r} rows but {rows} labels were given.", nameof(rows));
        return features;
    }

    private static double MutualInformation(float[] values, int[] label, int groups)
    {
        var edges = Edges(values);
        var bins = Bins + 1;
        var joint = new int[bins * groups];
        var binTotals = new int[bins];
        var groupTotals = new int[groups];
        for (var r = 0; r < values.Length; r++)
        {
            var b = BinOf(edges, values[r]);
            joint[b * groups + label[r]]++;
            binTotals[b]++;
            groupTotals[label[r]]++;
        }
        double n = values.Length, mi = 0;
        for (var b = 0; b < bins; b++)
        {
            for (var g = 0; g < groups; g++)
            {
                var count = joint[b * groups + g];
                if (count > 0) mi += count / n * Math.Log(count * n / ((double)binTotals[b] * groupTotals[g]));
            }
        }
        return mi;
    }

    // Bins - 1 edges at the quantiles of an evenly spread sample of the values; NaN is left out (it gets a bin of its own).
    private static float[] Edges(float[] values)
    {
        var step = Math.Max(1, values.Length / EdgeSample);
        var sample = new List<float>(Math.Min(values.Length, EdgeSample + 1));
        for (var r = 0; r < values.Length; r += step)
        {
            if (!float.IsNaN(values[r])) sample.Add(values[r]);
        }
        if (sample.Count == 0) return [];
        sample.Sort();
        var edges = new float[Bins - 1];
        for (var i = 1; i < Bins; i++) edges[i - 1] = sample[(int)((long)i * (sample.Count - 1) / Bins)];
        return edges;
    }

    // The number of edges below the value (0 to Bins - 1); NaN goes to bin Bins.
    private static int BinOf(float[] edges, float value)
    {
        if (float.IsNaN(value)) return Bins;
        int low = 0, high = edges.Length;
        while (low < high)
        {
            var mid = (low + high) >> 1;
            if (edges[mid] < value) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    // ML.NET's count-based selection keeps the slots with at least one non-zero value; fitted on one synthetic row that is
    // 1 exactly where a slot is kept, it becomes a standard, saveable transformer that drops every other slot.
    private static ITransformer SlotSelector(MLContext ml, int slots, int[] kept)
    {
        var mask = new float[slots];
        foreach (var s in kept) mask[s] = 1;
        // A FeatureRow whose numeric vector is presented as "Features", the column the selection reads.
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        foreach (var other in schema.Where(c => c.MemberName != nameof(FeatureRow.Numeric)).ToList()) schema.Remove(other);
        var column = schema[nameof(FeatureRow.Numeric)];
        column.ColumnName = PreparationChain.FeaturesColumn;
        column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, slots);
        var one = ml.Data.LoadFromEnumerable([new FeatureRow { Numeric = mask }], schema);
        return ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount(PreparationChain.FeaturesColumn, count: 1).Fit(one);
    }
}
