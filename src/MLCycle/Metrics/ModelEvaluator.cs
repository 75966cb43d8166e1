
namespace MLCycle.Metrics;

/// <summary>Evaluates predictions (as serving returns them) against actual labels or values.</summary>
public static class ModelEvaluator
{
    /// <summary>
    /// Evaluates a classifier. Class probabilities are read from <see cref="Prediction.Probabilities"/> (a missing class
    /// counts as 0, except that with two classes one probability implies the other); a prediction without probabilities counts as certain of its <see cref="Prediction.Label"/>.
    /// For a binary task the positive class defaults to the second of <paramref name="classes"/>. The predicted class is the
    /// prediction's <see cref="Prediction.Label"/> (so a binary model's decision threshold counts, as in serving and
    /// <c>mlcycle predict</c>); without a known label, the most probable class (binary: positive above 0.5).
    /// </summary>
    public static EvaluationResult Evaluate(
        TaskKind task, IReadOnlyList<string?> actualLabels, IReadOnlyList<Prediction> predictions, IReadOnlyList<string> classes, string? positiveClass = null)
    {
        ArgumentNullException.ThrowIfNull(actualLabels);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(classes);
        if (task == TaskKind.Regression)
            throw new ArgumentException("Regression is evaluated with Evaluate(actualValues, predictions).", nameof(task));
        MetricInput.CheckRows(actualLabels.Count, predictions.Count);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < classes.Count; c++)
        {
            if (!index.TryAdd(classes[c], c))
                throw new MLCycleException(ErrorKind.BadSpec, $"Class '{classes[c]}' is listed twice in the classes ({string.Join(", ", classes)}).");
        }

        var actual = new int[actualLabels.Count];
        for (int i = 0; i < actual.Length; i++)
        {
            string? label = actualLabels[i];
            if (label is null)
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: the actual label is missing; drop unlabelled rows before evaluating.");
            if (!index.TryGetValue(label, out actual[i]))
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: actual label '{label}' is not one of the model's classes ({string.Join(", ", classes)}).");
        }

        var probabilities = new double[predictions.Count][];
        for (int i = 0; i < probabilities.Length; i++) probabilities[i] = ClassProbabilities(predictions[i], i, classes, index);

        if (task == TaskKind.Multiclass)
        {
            var argMax = probabilities.Select(p => Array.IndexOf(p, p.Max())).ToArray();
            return MulticlassMetrics.Compute(new ClassificationInput
            {
                Classes = classes, Actual = actual, Predicted = Predicted(predictions, index, argMax), Probabilities = probabilities,
            });
        }
        return EvaluateBinary(actual, probabilities, classes, positiveClass, predictions, index);
    }

    private static int[] Predicted(IReadOnlyList<Prediction> predictions, Dictionary<string, int> index, int[] fallback) =>
        predictions.Select((p, i) => p?.Label is { } label && index.TryGetValue(label, out int c) ? c : fallback[i]).ToArray();

    /// <summary>Evaluates a regressor from <see cref="Prediction.Value"/>.</summary>
    public static EvaluationResult Evaluate(IReadOnlyList<double> actualValues, IReadOnlyList<Prediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(actualValues);
        ArgumentNullException.ThrowIfNull(predictions);
        MetricInput.CheckRows(actualValues.Count, predictions.Count);
        var predicted = new double[predictions.Count];
        for (int i = 0; i < predicted.Length; i++)
        {
            predicted[i] = predictions[i]?.Value
                ?? throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: the prediction has no value; expected a regression prediction.");
        }
        return RegressionMetrics.Compute(actualValues, predicted);
    }

    private static EvaluationResult EvaluateBinary(
        int[] actual, double[][] probabilities, IReadOnlyList<string> classes, string? positiveClass, IReadOnlyList<Prediction> predictions, Dictionary<string, int> index)
    {
        if (classes.Count != 2)
            throw new MLCycleException(ErrorKind.BadSpec, $"A binary task needs exactly 2 classes; found {classes.Count} ({string.Join(", ", classes)}).");
        int positive = 1;
        if (positiveClass is not null)
        {
            positive = classes[0] == positiveClass ? 0 : classes[1] == positiveClass ? 1
                : throw new MLCycleException(ErrorKind.BadSpec, $"Positive class '{positiveClass}' is not one of the classes ({string.Join(", ", classes)}).");
        }
        // Without a label, a row is predicted positive when the positive probability is above 0.5, as ML.NET's PredictedLabel is score > 0.
        var predicted = Predicted(predictions, index, probabilities.Select(p => p[positive] > 0.5 ? positive : 1 - positive).ToArray());
        return BinaryMetrics.Compute(new ClassificationInput { Classes = classes, Actual = actual, Predicted = predicted, Probabilities = probabilities }, positive);
    }

    private static double[] ClassProbabilities(Prediction? prediction, int row, IReadOnlyList<string> classes, Dictionary<string, int> index)
    {
        var result = new double[classes.Count];
        if (prediction?.Probabilities is { Count: > 0 } probabilities)
        {
            for (int c = 0; c < classes.Count; c++) result[c] = probabilities.GetValueOrDefault(classes[c]);
            // A binary scorer may report only one class's probability; the other is its complement.
            if (classes.Count == 2 && probabilities.ContainsKey(classes[0]) != probabilities.ContainsKey(classes[1]))
            {
                int known = probabilities.ContainsKey(classes[0]) ? 0 : 1;
                result[1 - known] = 1 - result[known];
            }
            return result;
        }
        if (prediction?.Label is { } label && index.TryGetValue(label, out int predicted))
        {
            result[predicted] = 1;
            return result;
        }
        throw new MLCycleException(ErrorKind.BadData,
            $"Row {row + 1}: the prediction has neither class probabilities nor a known label (found '{prediction?.Label}'); expected one of {string.Join(", ", classes)}.");
    }
}
