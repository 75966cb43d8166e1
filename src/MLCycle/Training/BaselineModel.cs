using MLCycle.Training;

namespace MLCycle.Training;

/// <summary>
/// The model every trained model must beat: the majority class with the training class priors as probabilities,
/// or the training mean for regression. It ignores the features, so its scores measure what the features add.
/// </summary>
public sealed class BaselineModel
{
    private readonly Prediction _prediction;

    private BaselineModel(TaskKind task, Prediction prediction)
    {
        Task = task;
        _prediction = prediction;
    }

    /// <summary>The task the baseline was fitted for.</summary>
    public TaskKind Task { get; }

    /// <summary>Fits a classification baseline on the training labels; missing labels are skipped and <paramref name="classes"/> fixes the class order.</summary>
    public static BaselineModel Fit(TaskKind task, IReadOnlyList<string?> labels, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classes);
        if (task == TaskKind.Regression)
            throw new ArgumentException("A regression baseline is fitted with Fit(values).", nameof(task));
        if (classes.Count == 0)
            throw new MLCycleException(ErrorKind.BadSpec, "Cannot fit a baseline: the list of classes is empty.");

        var counts = classes.ToDictionary(c => c, _ => 0L, StringComparer.Ordinal);
        long total = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] is not { } label) continue;
            if (!counts.ContainsKey(label))
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: label '{label}' is not one of the classes ({string.Join(", ", classes)}).");
            counts[label]++;
            total++;
        }
        if (total == 0)
            throw new MLCycleException(ErrorKind.BadData, "Cannot fit a baseline: the training data has no labelled rows.");

        // Ties go to the class listed first, so the baseline is deterministic.
        string majority = classes[0];
        foreach (var c in classes)
        {
            if (counts[c] > counts[majority]) majority = c;
        }
        var priors = classes.ToDictionary(c => c, c => (double)counts[c] / total, StringComparer.Ordinal);
        return new BaselineModel(task, new Prediction(majority, priors, null));
    }

    /// <summary>Fits a regression baseline: the mean of the training values.</summary>
    public static BaselineModel Fit(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new MLCycleException(ErrorKind.BadData, "Cannot fit a baseline: the training data has no rows.");
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: the target value must be a finite number; found {values[i]}.");
            sum += values[i];
        }
        return new BaselineModel(TaskKind.Regression, new Prediction(null, null, sum / values.Count));
    }

    /// <summary>The baseline's one prediction, the same for every row.</summary>
    public Prediction Predict() => _prediction;

    /// <summary>The baseline's prediction repeated for <paramref name="count"/> rows.</summary>
    public IReadOnlyList<Prediction> Predict(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Enumerable.Repeat(_prediction, count).ToArray();
    }
}
