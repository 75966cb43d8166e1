using MLCycle.Preparation;
using MLCycle.Training.Ensembles;

namespace MLCycle.Serving;

/// <summary>
/// Engines for an ensemble package: each member's pool predicts the row and <see cref="EnsembleBlend"/> weighs their
/// predictions as training did, then applies the ensemble's own decision threshold.
/// </summary>
internal sealed class EnsembleEnginePool(IReadOnlyList<EnginePool> members, IReadOnlyList<double> weights, TaskKind task, IReadOnlyList<string> classes, double threshold)
    : EnginePool
{
    public override Prediction Predict(FeatureRow row)
    {
        var predictions = new Prediction[members.Count];
        for (var i = 0; i < members.Count; i++) predictions[i] = members[i].Predict(row);
        return EnsembleBlend.Row(predictions, weights, task, classes, threshold);
    }

    public override void Predict(FeatureRow?[] rows, ScoredPredictions results, int start, int end)
    {
        // Each member predicts this chunk into its own buffer, so a large batch split over the cores allocates per chunk only.
        var chunk = rows[start..end];
        var predictions = new ScoredPredictions[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            predictions[i] = new ScoredPredictions(chunk.Length, classes);
            members[i].Predict(chunk, predictions[i], 0, chunk.Length);
        }
        var row = new Prediction[members.Count];
        for (var r = 0; r < chunk.Length; r++)
        {
            if (chunk[r] is null) continue;
            for (var i = 0; i < members.Count; i++) row[i] = predictions[i][r]!;
            results[start + r] = EnsembleBlend.Row(row, weights, task, classes, threshold);
        }
    }

    public override void Dispose()
    {
        foreach (var member in members) member.Dispose();
    }
}
