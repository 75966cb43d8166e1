namespace MLCycle.Metrics;

/// <summary>
/// What a classifier's metrics are computed from: per row the actual and predicted class (indices into <see cref="Classes"/>),
/// optionally the probability of every class and a sample weight.
/// </summary>
public sealed record ClassificationInput
{
    /// <summary>Every class the model knows; macro and weighted averages run over all of them, as scikit-learn's <c>labels</c>.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    public required IReadOnlyList<int> Actual { get; init; }

    public required IReadOnlyList<int> Predicted { get; init; }

    /// <summary>Per row, one probability per class in <see cref="Classes"/> order; null when only labels are known.</summary>
    public IReadOnlyList<double[]>? Probabilities { get; init; }

    /// <summary>Sample weights, one per row (finite, not negative, not all zero); null weighs every row 1.</summary>
    public IReadOnlyList<double>? Weights { get; init; }

    /// <summary>The weight of row <paramref name="row"/>.</summary>
    public double Weight(int row) => Weights is null ? 1 : Weights[row];

    /// <summary>Checks the shapes and values; a bad one throws <see cref="MLCycleException"/> naming the row.</summary>
    internal void Check()
    {
        ArgumentNullException.ThrowIfNull(Classes);
        ArgumentNullException.ThrowIfNull(Actual);
        ArgumentNullException.ThrowIfNull(Predicted);
        int k = Classes.Count;
        if (k < 2)
            throw new MLCycleException(ErrorKind.BadSpec, $"Cannot evaluate a classifier with {k} class(es); expected at least 2.");
        MetricInput.CheckRows(Actual.Count, Predicted.Count);
        for (int i = 0; i < Actual.Count; i++)
        {
            if (Actual[i] < 0 || Actual[i] >= k)
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: actual class index {Actual[i]} is outside 0..{k - 1}.");
            if (Predicted[i] < 0 || Predicted[i] >= k)
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: predicted class index {Predicted[i]} is outside 0..{k - 1}.");
        }
        if (Probabilities is not null)
        {
            MetricInput.CheckRows(Actual.Count, Probabilities.Count);
            for (int i = 0; i < Probabilities.Count; i++)
            {
                var row = Probabilities[i];
                if (row is null || row.Length != k)
                    throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: expected {k} class probabilities ({string.Join(", ", Classes)}); found {row?.Length ?? 0}.");
                for (int c = 0; c < k; c++)
                {
                    if (!(row[c] >= 0 && row[c] <= 1))
                        throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: the probability of '{Classes[c]}' must lie in [0, 1]; found {row[c]}.");
                }
            }
        }
        MetricInput.CheckWeights(Weights, Actual.Count);
    }
}
