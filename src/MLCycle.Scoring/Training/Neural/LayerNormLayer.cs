using System.Numerics.Tensors;

namespace MLCycle.Training.Neural;

/// <summary>Layer normalisation: each row scaled to mean 0 and variance 1 over its units, then a learned scale (γ) and shift (β).</summary>
internal sealed class LayerNormLayer(int width) : Layer(width, width)
{
    private const float Epsilon = 1e-5f;

    public override int ParameterCount => 2 * Inputs;

    // per row: the normalised values and 1/sd
    public override int CacheSize(int rows) => rows * (Inputs + 1);

    public override void Initialize(Span<float> parameters, Span<float> state, ref SplitMix random)
    {
        parameters[..Inputs].Fill(1f);
        parameters[Inputs..].Clear();
    }

    public override void Forward(ref LayerPass pass, ReadOnlySpan<float> x, Span<float> y)
    {
        var gamma = pass.Parameters[..Inputs];
        var beta = pass.Parameters[Inputs..];
        for (var r = 0; r < pass.Rows; r++)
        {
            var input = x.Slice(r * Inputs, Inputs);
            var output = y.Slice(r * Inputs, Inputs);
            var mean = TensorPrimitives.Sum(input) / Inputs;
            TensorPrimitives.Subtract(input, mean, output);
            var inverseSd = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(output) / Inputs + Epsilon);
            TensorPrimitives.Multiply(output, inverseSd, output);
            if (pass.Training)
            {
                output.CopyTo(pass.Cache.Slice(r * Inputs, Inputs));
                pass.Cache[pass.Rows * Inputs + r] = inverseSd;
            }
            TensorPrimitives.FusedMultiplyAdd(output, gamma, beta, output);
        }
    }

    public override void Backward(ref LayerPass pass, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var gamma = pass.Parameters[..Inputs];
        var gammaGradients = pass.Gradients[..Inputs];
        var betaGradients = pass.Gradients[Inputs..];
        for (var r = 0; r < pass.Rows; r++)
        {
            var gradient = dy.Slice(r * Inputs, Inputs);
            var normalised = pass.Cache.Slice(r * Inputs, Inputs);
            var inverseSd = pass.Cache[pass.Rows * Inputs + r];
            var inputGradient = dx.Slice(r * Inputs, Inputs);
            TensorPrimitives.MultiplyAdd(gradient, normalised, gammaGradients, gammaGradients);
            TensorPrimitives.Add(betaGradients, gradient, betaGradients);
            // dx = (1/sd) (g - mean(g) - x̂ mean(g x̂)) with g = dy γ
            TensorPrimitives.Multiply(gradient, gamma, inputGradient);
            var meanGradient = TensorPrimitives.Sum(inputGradient) / Inputs;
            var meanProjection = TensorPrimitives.Dot(inputGradient, normalised) / Inputs;
            TensorPrimitives.Subtract(inputGradient, meanGradient, inputGradient);
            TensorPrimitives.MultiplyAdd(normalised, -meanProjection, inputGradient, inputGradient);
            TensorPrimitives.Multiply(inputGradient, inverseSd, inputGradient);
        }
    }
}
