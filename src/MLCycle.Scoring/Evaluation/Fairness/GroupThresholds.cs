using System.Text.Json;

namespace MLCycle.Evaluation.Fairness;

/// <summary>
/// Per-group decision thresholds of a binary model, chosen to equalise a rate across the groups of one column
/// (<c>train.fairness</c>) and stored in the manifest. Serving and batch scoring apply them alike: a row is predicted
/// positive when its probability is above its group's threshold; a row whose group is missing or was not given a
/// threshold (unseen in training, or too small there) uses the model's global threshold.
/// </summary>
public sealed record GroupThresholds
{
    /// <summary>The column whose value picks the threshold; it need not be a model input.</summary>
    public required string Column { get; init; }

    /// <summary><c>equal_opportunity</c> (equal TPR) or <c>demographic_parity</c> (equal selection rate).</summary>
    public required string Rate { get; init; }

    /// <summary>The model's single threshold, for rows without a group threshold.</summary>
    public required double Global { get; init; }

    /// <summary>Group value (as text) to its threshold.</summary>
    public required IReadOnlyDictionary<string, double> Thresholds { get; init; }

    /// <summary>How the thresholds were chosen, in one sentence, for the model card and the report.</summary>
    public string Reason { get; init; } = "";

    /// <summary>The threshold for a row of <paramref name="group"/> (null when missing).</summary>
    public double For(string? group) => group is not null && Thresholds.TryGetValue(group, out var t) ? t : Global;

    /// <summary>Binary predictions labelled again at each row's group threshold; probabilities are unchanged.</summary>
    public IReadOnlyList<Prediction?> Apply(IReadOnlyList<Prediction?> predictions, IReadOnlyList<string?> groups, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(classes);
        var result = new Prediction?[predictions.Count];
        for (var i = 0; i < result.Length; i++) result[i] = Apply(predictions[i], groups[i], classes);
        return result;
    }

    /// <summary>One binary prediction of a row of <paramref name="group"/> labelled again at its threshold; another is returned as it is.</summary>
    public Prediction? Apply(Prediction? prediction, string? group, IReadOnlyList<string> classes) =>
        prediction?.Probabilities is { } probabilities && probabilities.TryGetValue(classes[1], out var positive)
            ? prediction with { Label = positive > For(group) ? classes[1] : classes[0] }
            : prediction;

    /// <summary>A JSON value as the group text a table cell would give: strings as they are, numbers as written, true/false; null for null.</summary>
    public static string? GroupOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };
}
