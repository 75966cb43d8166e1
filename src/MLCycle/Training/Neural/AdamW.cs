using System.Numerics.Tensors;

namespace MLCycle.Training.Neural;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter), step for step as PyTorch's <c>torch.optim.AdamW</c>
/// computes it (β = 0.9, 0.999; ε = 1e-8), over the network's one flat parameter vector.
/// </summary>
internal sealed class AdamW(int parameterCount, float weightDecay)
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;

    private readonly float[] _firstMoment = new float[parameterCount];
    private readonly float[] _secondMoment = new float[parameterCount];
    private readonly float[] _scratch = new float[parameterCount];
    private int _steps;

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate)
    {
        _steps++;
        var firstCorrection = 1 - MathF.Pow(Beta1, _steps);
        var secondCorrection = MathF.Sqrt(1 - MathF.Pow(Beta2, _steps));
        TensorPrimitives.Multiply(parameters, 1 - learningRate * weightDecay, parameters);
        TensorPrimitives.Multiply(_firstMoment, Beta1, _firstMoment);
        TensorPrimitives.MultiplyAdd(gradients, 1 - Beta1, _firstMoment, _firstMoment);
        TensorPrimitives.Multiply(_secondMoment, Beta2, _secondMoment);
        TensorPrimitives.Multiply(gradients, gradients, _scratch);
        TensorPrimitives.MultiplyAdd(_scratch, 1 - Beta2, _secondMoment, _secondMoment);
        // p -= lr / (1 - β1^t) · m / (sqrt(v) / sqrt(1 - β2^t) + ε)
        TensorPrimitives.Sqrt(_secondMoment, _scratch);
        TensorPrimitives.Multiply(_scratch, 1 / secondCorrection, _scratch);
        TensorPrimitives.Add(_scratch, Epsilon, _scratch);
        TensorPrimitives.Divide(_firstMoment, _scratch, _scratch);
        TensorPrimitives.MultiplyAdd(_scratch, -learningRate / firstCorrection, parameters, parameters);
    }
}
