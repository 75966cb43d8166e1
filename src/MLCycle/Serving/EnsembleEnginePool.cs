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

    public override void Predict(FeatureRow?[] rows, Prediction?[] results, int start, int end)
    {
        var predictions = members.Select(_ => new Prediction?[rows.Length]).ToArray();
        for (var i = 0; i < members.Count; i++) members[i].Predict(rows, predictions[i], start, end);
        var row = new Prediction[members.Count];
        for (var r = start; r < end; r++)
        {
            if (rows[r] is null) continue;
            for (var i = 0; i < members.Count; i++) row[i] = predictions[i][r]!;
            results[r] = EnsembleBlend.Row(row, weights, task, classes, threshold);
        }
    }

    public override void Dispose()
    {
        foreach (var member in members) member.Dispose();
    }
}
