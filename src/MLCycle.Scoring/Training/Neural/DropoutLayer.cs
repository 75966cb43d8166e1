using System.Numerics.Tensors;

namespace MLCycle.Training.Neural;

/// <summary>Inverted dropout: while training each unit is zeroed with probability p and the rest scaled by 1/(1-p); predicting is the identity.</summary>
internal sealed class DropoutLayer(int width, float rate) : Layer(width, width)
{
    public float Rate { get; } = rate;

    public override int CacheSize(int rows) => rows * Inputs;

    public override void Forward(ref LayerPass pass, ReadOnlySpan<float> x, Span<float> y)
    {
        var n = pass.Rows * Inputs;
        if (!pass.Training)
        {
            x[..n].CopyTo(y);
            return;
        }
        // the mask comes from the pass's own seed, so it does not depend on which thread runs the shard
        var mask = pass.Cache[..n];
        var random = new SplitMix(pass.Seed);
        var keep = 1f / (1f - Rate);
        for (var i = 0; i < n; i++) mask[i] = random.NextFloat() < Rate ? 0f : keep;
        TensorPrimitives.Multiply(x[..n], mask, y[..n]);
    }

    public override void Backward(ref LayerPass pass, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var n = pass.Rows * Inputs;
        TensorPrimitives.Multiply(dy[..n], pass.Cache[..n], dx[..n]);
    }
}
