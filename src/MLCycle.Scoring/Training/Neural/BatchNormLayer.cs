using System.Numerics.Tensors;

namespace MLCycle.Training.Neural;

/// <summary>
/// Batch normalisation over the rows of one shard while training ("ghost batches" of a fixed size, so the statistics
/// do not depend on the thread count), over running averages of those statistics when predicting.
/// </summary>
internal sealed class BatchNormLayer(int width) : Layer(width, width)
{
    private const float Epsilon = 1e-5f;

    public override int ParameterCount => 2 * Inputs;

    // running mean, then running (unbiased) variance, as PyTorch keeps them
    public override int StateCount => 2 * Inputs;

    // the normalised block, then per unit: 1/sd and two sums for backward
    public override int CacheSize(int rows) => rows * Inputs + 3 * Inputs;

    public override void Initialize(Span<float> parameters, Span<float> state, ref SplitMix random)
    {
        parameters[..Inputs].Fill(1f);
        parameters[Inputs..].Clear();
        state[..Inputs].Clear();
        state[Inputs..].Fill(1f);
    }

    public override void Forward(ref LayerPass pass, ReadOnlySpan<float> x, Span<float> y)
    {
        var gamma = pass.Parameters[..Inputs];
        var beta = pass.Parameters[Inputs..];
        var rows = pass.Rows;
        if (!pass.Training)
        {
            var runningMean = pass.State[..Inputs];
            var runningVariance = pass.State[Inputs..];
            for (var r = 0; r < rows; r++)
            {
                var output = y.Slice(r * Inputs, Inputs);
                TensorPrimitives.Subtract(x.Slice(r * Inputs, Inputs), runningMean, output);
                for (var j = 0; j < Inputs; j++) output[j] = output[j] / MathF.Sqrt(runningVariance[j] + Epsilon) * gamma[j] + beta[j];
            }
            return;
        }
        var normalised = pass.Cache[..(rows * Inputs)];
        var inverseSd = pass.Cache.Slice(rows * Inputs, Inputs);
        var mean = pass.BatchState[..Inputs];
        var variance = pass.BatchState[Inputs..];
        mean.Clear();
        for (var r = 0; r < rows; r++) TensorPrimitives.Add(mean, x.Slice(r * Inputs, Inputs), mean);
        TensorPrimitives.Multiply(mean, 1f / rows, mean);
        inverseSd.Clear();
        for (var r = 0; r < rows; r++)
        {
            var centred = normalised.Slice(r * Inputs, Inputs);
            TensorPrimitives.Subtract(x.Slice(r * Inputs, Inputs), mean, centred);
            TensorPrimitives.MultiplyAdd(centred, centred, inverseSd, inverseSd);
        }
        for (var j = 0; j < Inputs; j++)
        {
            var biased = inverseSd[j] / rows;
            variance[j] = rows > 1 ? biased * rows / (rows - 1) : biased;
            inverseSd[j] = 1f / MathF.Sqrt(biased + Epsilon);
        }
        for (var r = 0; r < rows; r++)
        {
            var centred = normalised.Slice(r * Inputs, Inputs);
            TensorPrimitives.Multiply(centred, inverseSd, centred);
            TensorPrimitives.FusedMultiplyAdd(centred, gamma, beta, y.Slice(r * Inputs, Inputs));
        }
    }

    public override void Backward(ref LayerPass pass, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var rows = pass.Rows;
        var gamma = pass.Parameters[..Inputs];
        var normalised = pass.Cache[..(rows * Inputs)];
        var inverseSd = pass.Cache.Slice(rows * Inputs, Inputs);
        var sumGradient = pass.Cache.Slice(rows * Inputs + Inputs, Inputs);
        var sumProjection = pass.Cache.Slice(rows * Inputs + 2 * Inputs, Inputs);
        sumGradient.Clear();
        sumProjection.Clear();
        for (var r = 0; r < rows; r++)
        {
            var gradient = dy.Slice(r * Inputs, Inputs);
            TensorPrimitives.Add(sumGradient, gradient, sumGradient);
            TensorPrimitives.MultiplyAdd(gradient, normalised.Slice(r * Inputs, Inputs), sumProjection, sumProjection);
        }
        // dβ = Σ dy, dγ = Σ dy x̂; dx = γ/sd (dy - mean(dy) - x̂ mean(dy x̂))
        TensorPrimitives.Add(pass.Gradients[..Inputs], sumProjection, pass.Gradients[..Inputs]);
        TensorPrimitives.Add(pass.Gradients[Inputs..], sumGradient, pass.Gradients[Inputs..]);
        TensorPrimitives.Multiply(sumGradient, 1f / rows, sumGradient);
        TensorPrimitives.Multiply(sumProjection, -1f / rows, sumProjection);
        TensorPrimitives.Multiply(inverseSd, gamma, inverseSd);
        for (var r = 0; r < rows; r++)
        {
            var inputGradient = dx.Slice(r * Inputs, Inputs);
            TensorPrimitives.Subtract(dy.Slice(r * Inputs, Inputs), sumGradient, inputGradient);
            TensorPrimitives.MultiplyAdd(normalised.Slice(r * Inputs, Inputs), sumProjection, inputGradient, inputGradient);
            TensorPrimitives.Multiply(inputGradient, inverseSd, inputGradient);
        }
    }
}
