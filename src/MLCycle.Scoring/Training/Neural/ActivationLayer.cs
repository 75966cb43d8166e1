using System.Numerics.Tensors;

namespace MLCycle.Training.Neural;

/// <summary>ReLU or tanh-form GELU, element by element, vectorised through TensorPrimitives.</summary>
internal sealed class ActivationLayer(int width, MlpActivation activation) : Layer(width, width)
{
    private const float GeluScale = 0.7978845608028654f; // sqrt(2 / pi)
    private const float GeluCubic = 0.044715f;

    public MlpActivation Activation { get; } = activation;

    // GELU keeps tanh(u) per unit for backward; ReLU needs only its input.
    public override int CacheSize(int rows) => Activation == MlpActivation.Gelu ? rows * Inputs : 0;

    public override void Forward(ref LayerPass pass, ReadOnlySpan<float> x, Span<float> y)
    {
        var n = pass.Rows * Inputs;
        x = x[..n];
        y = y[..n];
        if (Activation == MlpActivation.Relu)
        {
            TensorPrimitives.Max(x, 0f, y);
            return;
        }
        // y <- tanh(c (x + a x^3)), then y <- 0.5 x (1 + y)
        TensorPrimitives.Multiply(x, x, y);
        TensorPrimitives.Multiply(y, GeluCubic, y);
        TensorPrimitives.Add(y, 1f, y);
        TensorPrimitives.Multiply(y, x, y);
        TensorPrimitives.Multiply(y, GeluScale, y);
        TensorPrimitives.Tanh(y, y);
        if (pass.Training) y.CopyTo(pass.Cache);
        TensorPrimitives.Add(y, 1f, y);
        TensorPrimitives.Multiply(y, x, y);
        TensorPrimitives.Multiply(y, 0.5f, y);
    }

    public override void Backward(ref LayerPass pass, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var n = pass.Rows * Inputs;
        if (Activation == MlpActivation.Relu)
        {
            for (var i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : 0f;
            return;
        }
        var tanh = pass.Cache;
        for (var i = 0; i < n; i++)
        {
            var v = x[i];
            var t = tanh[i];
            var derivative = 0.5f * (1 + t) + 0.5f * v * (1 - t * t) * GeluScale * (1 + 3 * GeluCubic * v * v);
            dx[i] = dy[i] * derivative;
        }
    }
}
