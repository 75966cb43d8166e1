using System.Globalization;
using MLCycle.Data;
using MLCycle.Preparation;

namespace MLCycle.Serving;

/// <summary>
/// Refuses the rows whose prediction is not a finite number, naming the inputs that overflowed. A number past float's range
/// (±3.4E+38, which 1e39 and 1e308 are) reaches the model as an infinity: a tree sends it down one side of every split and scores it,
/// but a linear model or a network gives ±∞ or NaN, which no JSON answer, log row or metric can carry (the server cut its answer
/// off with a 500 midway through it), and a binary model's NaN probability has no class (it was answered as 0.5), nor have a multiclass
/// model's NaN probabilities (answered as a uniform guess). Served engines and ensemble blends keep NaN for this check to see.
/// </summary>
internal static class NonFiniteScores
{
    /// <summary>Sets each such row's prediction to null and adds an error for it, keeping the errors in row order.</summary>
    public static void Refuse(ScoredPredictions predictions, FeatureRow?[] features, FeatureLayout layout, List<InputError> errors)
    {
        List<InputError>? found = null;
        for (var r = 0; r < predictions.Count; r++)
        {
            if (Finite(predictions, r, out var shown)) continue;
            var overflowed = features[r] is { } row ? Overflowed(row, layout) : [];
            var reason = overflowed.Count > 0
                ? $"the model's output is {shown}, not a number an answer can carry: {string.Join(", ", overflowed.Select(n => $"'{NameRules.Show(n)}'"))} " +
                  $"{(overflowed.Count == 1 ? "is" : "are")} beyond the largest number the model reads (±{float.MaxValue.ToString("R", CultureInfo.InvariantCulture)})"
                : $"the model's output is {shown}, not a number an answer can carry: its inputs are beyond what the model can compute with";
            (found ??= []).Add(new InputError(r, overflowed.FirstOrDefault() ?? "", reason));
            predictions[r] = null;
        }
        if (found is null) return;
        var ordered = errors.Concat(found).OrderBy(e => e.Row).ToList();
        errors.Clear();
        errors.AddRange(ordered);
    }

    private static bool Finite(ScoredPredictions predictions, int row, out string shown)
    {
        shown = "";
        // A binary row's probability is NaN when its score was (∞ − ∞ in a linear model): there is no class to answer.
        if (predictions.TryGetBinary(row, out _, out var positive))
        {
            if (!double.IsNaN(positive)) return true;
            shown = "NaN";
            return false;
        }
        double value;
        if (predictions.TryGetNumber(row, out var number)) value = number;
        else if (predictions[row] is not { } prediction) return true;
        else value = prediction.Value is { } v && !double.IsFinite(v) ? v
            : prediction.Probabilities?.Values.FirstOrDefault(p => !double.IsFinite(p)) ?? 0;
        if (double.IsFinite(value)) return true;
        shown = value.ToString(CultureInfo.InvariantCulture);
        return false;
    }

    // The numeric and boolean inputs whose slot holds an infinity: a value the caller sent past float's range.
    private static List<string> Overflowed(FeatureRow row, FeatureLayout layout)
    {
        var names = new List<string>();
        for (var i = 0; i < layout.Inputs.Count; i++)
        {
            var kind = layout.Inputs[i].Kind;
            if (kind is ColumnKind.Numeric or ColumnKind.Boolean && float.IsInfinity(row.Numeric[layout.Offsets[i]])) names.Add(layout.Inputs[i].Name);
        }
        return names;
    }
}
