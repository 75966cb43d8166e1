namespace MLCycle.Training.Ensembles;

/// <summary>
/// The weighted average of members' predictions: binary the positive probability (then the ensemble's own threshold),
/// multiclass each class's probability, regression the value. Training, serving and batch scoring all blend through here,
/// so they give the same predictions.
/// </summary>
internal static class EnsembleBlend
{
    /// <summary>Blends one row: <paramref name="predictions"/>[i] is member i's prediction, weighed by <paramref name="weights"/>[i].</summary>
    public static Prediction Row(IReadOnlyList<Prediction> predictions, IReadOnlyList<double> weights, TaskKind task, IReadOnlyList<string> classes, double threshold)
    {
        switch (task)
        {
            case TaskKind.Binary:
                double positive = 0;
                for (var i = 0; i < predictions.Count; i++) positive += weights[i] * predictions[i].Probabilities![classes[1]];
                // A member's NaN (served members keep it) makes the blend NaN, and the row is refused rather than answered 0.5.
                return ScoreReader.FromProbability((float)positive, classes, threshold, keepNaN: true);
            case TaskKind.Multiclass:
                var scores = new float[classes.Count];
                for (var c = 0; c < scores.Length; c++)
                {
                    double sum = 0;
                    for (var i = 0; i < predictions.Count; i++) sum += weights[i] * predictions[i].Probabilities![classes[c]];
                    scores[c] = (float)sum;
                }
                return ScoreReader.FromScores(scores, classes, keepNaN: true);
            default:
                double value = 0;
                for (var i = 0; i < predictions.Count; i++) value += weights[i] * predictions[i].Value!.Value;
                return ScoreReader.FromValue((float)value);
        }
    }

    /// <summary>Blends whole columns of predictions: <paramref name="members"/>[i][r] is member i's prediction of row r.</summary>
    public static IReadOnlyList<Prediction> Rows(IReadOnlyList<IReadOnlyList<Prediction>> members, IReadOnlyList<double> weights, TaskKind task,
        IReadOnlyList<string> classes, double threshold)
    {
        var rows = members[0].Count;
        var result = new Prediction[rows];
        var row = new Prediction[members.Count];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < members.Count; i++) row[i] = members[i][r];
            result[r] = Row(row, weights, task, classes, threshold);
        }
        return result;
    }
}
