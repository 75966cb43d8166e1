namespace MLCycle.Training.Neural;

/// <summary>The non-linearity of a hidden layer.</summary>
public enum MlpActivation
{
    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>GELU in its tanh form (PyTorch's <c>GELU(approximate='tanh')</c>): .NET has no erf to compute the exact one.</summary>
    Gelu,
}
