namespace MLCycle.Training;

/// <summary>
/// Picks the positive class of a binary target: the requested one; else the conventional positive when exactly one
/// label is a known "positive" word (yes, y, true, t, 1, pos, positive, bad, churn, fraud, spam, default, fail, failure,
/// malignant, abnormal, case, case-insensitive); else the minority class (ties: the second in ordinal order).
/// </summary>
public static class PositiveClassRule
{
    private static readonly HashSet<string> Positive = new(StringComparer.OrdinalIgnoreCase)
    {
        "yes", "y", "true", "t", "1", "1.0", "pos", "positive", "bad", "churn", "fraud", "spam", "default", "fail", "failure", "malignant", "abnormal", "case",
    };

    /// <summary>Returns [negative, positive] for two labels with their counts.</summary>
    public static IReadOnlyList<string> Order(IReadOnlyDictionary<string, long> counts, string? requested)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var labels = counts.Keys.Order(StringComparer.Ordinal).ToArray();
        if (labels.Length != 2) throw new ArgumentException($"Expected 2 labels, found {labels.Length}.", nameof(counts));
        string positive;
        if (requested is not null)
        {
            positive = labels.FirstOrDefault(l => l == requested)
                ?? throw new MLCycleException(ErrorKind.BadSpec, $"Positive class '{requested}' is not a value of the target; its values are: {string.Join(", ", labels)}.");
        }
        else if (Positive.Contains(labels[0]) != Positive.Contains(labels[1]))
        {
            positive = Positive.Contains(labels[0]) ? labels[0] : labels[1];
        }
        else
        {
            positive = counts[labels[0]] < counts[labels[1]] ? labels[0] : labels[1];
        }
        return positive == labels[0] ? [labels[1], labels[0]] : [labels[0], labels[1]];
    }
}
