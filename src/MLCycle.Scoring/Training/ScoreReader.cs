using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLCycle.Training;

/// <summary>Turns an ML.NET model's output columns into <see cref="Prediction"/>s, for training and serving alike.</summary>
internal static class ScoreReader
{
    /// <summary>Reads every row of a scored IDataView.</summary>
    public static List<Prediction> Read(IDataView scored, TaskKind task, IReadOnlyList<string> classes, double threshold = 0.5)
    {
        var result = new List<Prediction>();
        switch (task)
        {
            case TaskKind.Binary:
                foreach (var p in scored.GetColumn<float>("Probability")) result.Add(FromProbability(p, classes, threshold, keepNaN: false));
                break;
            case TaskKind.Multiclass:
                foreach (var s in scored.GetColumn<float[]>("Score")) result.Add(FromScores(s, classes, keepNaN: false));
                break;
            default:
                foreach (var v in scored.GetColumn<float>("Score")) result.Add(FromValue(v));
                break;
        }
        return result;
    }

    /// <summary>
    /// Binary: <paramref name="positive"/> is the calibrated probability of classes[1], predicted above the model's decision
    /// threshold (0.5, as ML.NET does, unless training chose another; see <see cref="ThresholdChooser"/>). A NaN probability is read as
    /// 0.5 for training's evaluation; serving passes <paramref name="keepNaN"/> so the row keeps NaN and is refused
    /// (serving's NonFiniteScores) instead of answered a class no score supports.
    /// </summary>
    public static Prediction FromProbability(float positive, IReadOnlyList<string> classes, double threshold, bool keepNaN)
    {
        var p = Probability(positive, keepNaN);
        // A binary model has two classes; the shared list is kept when it is exactly those two.
        var names = classes.Count == 2 ? classes : [classes[0], classes[1]];
        return new Prediction(p > threshold ? classes[1] : classes[0], ClassProbabilities.Binary(names, p), null);
    }

    /// <summary>The positive class's probability as a prediction holds it: NaN is 0.5 (NaN with <paramref name="keepNaN"/>, as
    /// serving keeps it), the rest clamped to [0, 1].</summary>
    public static double Probability(float positive, bool keepNaN) =>
        float.IsNaN(positive) ? (keepNaN ? double.NaN : 0.5) : Math.Clamp((double)positive, 0, 1);

    /// <summary>Multiclass: one score per class in class order, normalised to sum to one (one-versus-all scores need it). A score that
    /// is not a finite number counts as 0 for training's evaluation; serving passes <paramref name="keepNaN"/> and gets every class's
    /// probability NaN, so the row is refused (serving's NonFiniteScores) instead of answered as the other scores, or a uniform guess.</summary>
    public static Prediction FromScores(ReadOnlySpan<float> scores, IReadOnlyList<string> classes, bool keepNaN)
    {
        var clean = new double[classes.Count];
        if (keepNaN && !IsFinite(scores))
        {
            Array.Fill(clean, double.NaN);
            return new Prediction(classes[0], new ClassProbabilities(classes, clean), null);
        }
        double sum = 0;
        var best = 0;
        for (var i = 0; i < clean.Length; i++)
        {
            clean[i] = i < scores.Length && float.IsFinite(scores[i]) ? Math.Max(0, scores[i]) : 0;
            sum += clean[i];
            if (clean[i] > clean[best]) best = i;
        }
        for (var i = 0; i < clean.Length; i++) clean[i] = sum > 0 ? clean[i] / sum : 1.0 / clean.Length;
        return new Prediction(classes[best], new ClassProbabilities(classes, clean), null);
    }

    public static Prediction FromValue(float value) => new(null, null, value);

    private static bool IsFinite(ReadOnlySpan<float> scores)
    {
        foreach (var score in scores)
        {
            if (!float.IsFinite(score)) return false;
        }
        return true;
    }

    /// <summary>An <see cref="Neural.MlpNetwork"/>'s output: the positive probability, the class probabilities or the value
    /// (<paramref name="keepNaN"/> as for <see cref="FromProbability"/>).</summary>
    public static Prediction FromNetwork(ReadOnlySpan<float> output, TaskKind task, IReadOnlyList<string> classes, double threshold, bool keepNaN) => task switch
    {
        TaskKind.Binary => FromProbability(output[0], classes, threshold, keepNaN),
        TaskKind.Multiclass => FromScores(output, classes, keepNaN),
        _ => FromValue(output[0]),
    };
}
