using MLCycle.Data;
using MLCycle.Profiling.Drift;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Statistics;

namespace MLCycle.Monitoring;

/// <summary>Compares current data (and predictions) with the training reference stored in a model package.</summary>
public static class DriftDetector
{
    /// <summary>The name under which prediction drift is reported.</summary>
    public const string PredictionName = "prediction";

    /// <summary>Drift of the model's input columns, and of its predictions when both current predictions and a prediction reference exist.</summary>
    public static DriftReport Detect(ModelManifest manifest, Table current, IReadOnlyList<Prediction>? currentPredictions = null, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        var accumulator = DriftAccumulator.For(manifest, options);
        accumulator.Add(current, currentPredictions);
        return accumulator.Report();
    }

    /// <summary>Drift of every column of <paramref name="reference"/> in <paramref name="current"/>.</summary>
    public static DriftReport Detect(DatasetProfile reference, Table current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        var accumulator = DriftAccumulator.For(reference, options);
        accumulator.Add(current);
        return accumulator.Report();
    }

    internal static DriftReport Report(List<FeatureDrift> compared, FeatureDrift? prediction, long referenceRows, long currentRows, DriftOptions options)
    {
        var features = Judge(compared, options);
        prediction = prediction is null ? null : Judge([prediction], options)[0];
        var drifted = features.Where(f => f.Drifted).Select(f => f.Name).ToList();
        return new DriftReport
        {
            Features = features,
            Prediction = prediction,
            ReferenceRows = referenceRows,
            CurrentRows = currentRows,
            PsiThreshold = options.PsiThreshold,
            PValue = options.PValue,
            MinimumRows = options.MinimumRows,
            TooFewRows = currentRows < options.MinimumRows,
            AnyDrift = drifted.Count > 0 || prediction?.Drifted == true,
            DriftedFeatures = drifted,
        };
    }

    /// <summary>
    /// Adjusts the features' p-values together (Benjamini–Hochberg: with fifty features, fifty tests at 5% would find two or
    /// three "significant" ones on identical data) and withholds the verdict where too few values were seen. An absent
    /// column stays drifted whatever the count: that is a change of shape, not of distribution.
    /// </summary>
    private static List<FeatureDrift> Judge(List<FeatureDrift> features, DriftOptions options)
    {
        var adjusted = BenjaminiHochberg.Adjust([.. features.Select(f => f.KsPValue ?? f.ChiSquarePValue)]);
        var judged = new List<FeatureDrift>(features.Count);
        for (var i = 0; i < features.Count; i++)
        {
            var f = features[i];
            var tooFew = f.CurrentCount < options.MinimumRows && !f.Absent;
            judged.Add(f with
            {
                AdjustedPValue = adjusted[i],
                Significant = !tooFew && adjusted[i] < options.PValue,
                Drifted = f.Drifted && !tooFew,
                TooFewRows = tooFew,
                Note = tooFew ? Join(f.Note, $"too few rows: {f.CurrentCount:N0} values seen, a verdict needs {options.MinimumRows:N0}") : f.Note,
            });
        }
        return judged;
    }

    private static string Join(string? note, string more) => note is null ? more : $"{note}; {more}";
}
