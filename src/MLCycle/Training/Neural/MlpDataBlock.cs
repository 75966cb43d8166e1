namespace MLCycle.Training.Neural;

/// <summary>Rows standardised once before training (targets too, for regression), so epochs only copy rows into shards.</summary>
internal sealed class MlpDataBlock(float[] features, float[] targets, int rows)
{
    public float[] Features { get; } = features;

    public float[] Targets { get; } = targets;

    public int Rows { get; } = rows;

    public static MlpDataBlock Prepare(MlpNetwork network, ReadOnlySpan<float> features, ReadOnlySpan<float> targets, ReadOnlySpan<int> rows)
    {
        var width = network.FeatureCount;
        var x = new float[rows.Length * width];
        var y = new float[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            network.Standardise(features.Slice(rows[i] * width, width), x.AsSpan(i * width, width));
            y[i] = network.Task == TaskKind.Regression ? (targets[rows[i]] - network.TargetMean) / network.TargetSd : targets[rows[i]];
        }
        return new MlpDataBlock(x, y, rows.Length);
    }
}
