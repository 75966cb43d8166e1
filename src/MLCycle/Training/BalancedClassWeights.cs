namespace MLCycle.Training;

/// <summary>Per-row weights that give every class the same total weight: rows / (classes × rows of the class).</summary>
internal static class BalancedClassWeights
{
    /// <summary>
    /// The balanced weight of each row from its label, multiplied with <paramref name="sampleWeights"/> when given.
    /// Only classes present in <paramref name="labels"/> count, as in scikit-learn's <c>compute_class_weight</c>.
    /// </summary>
    public static float[] For(IReadOnlyList<string> labels, IReadOnlyList<float>? sampleWeights)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var label in labels) counts[label] = counts.GetValueOrDefault(label) + 1;
        var weights = new float[labels.Count];
        for (var r = 0; r < weights.Length; r++)
        {
            var balanced = (double)labels.Count / (counts.Count * counts[labels[r]]);
            weights[r] = (float)(balanced * (sampleWeights?[r] ?? 1f));
        }
        return weights;
    }
}
