namespace MLCycle.Training.Neural;

/// <summary>
/// One step of the network over a block of rows held row-major. Layers keep no per-call state of their own: weights,
/// gradients and caches live in buffers the caller owns, so one layer object serves every shard and thread at once.
/// </summary>
internal abstract class Layer(int inputs, int outputs)
{
    public int Inputs { get; } = inputs;

    public int Outputs { get; } = outputs;

    public virtual int ParameterCount => 0;

    /// <summary>Running statistics kept for prediction (batch normalisation's mean and variance).</summary>
    public virtual int StateCount => 0;

    /// <summary>Floats of cache that forward leaves for backward, for a block of <paramref name="rows"/>.</summary>
    public virtual int CacheSize(int rows) => 0;

    public virtual void Initialize(Span<float> parameters, Span<float> state, ref SplitMix random)
    {
    }

    public abstract void Forward(ref LayerPass pass, ReadOnlySpan<float> x, Span<float> y);

    /// <summary>Adds parameter gradients to <see cref="LayerPass.Gradients"/> and writes dL/dx into <paramref name="dx"/> unless it is empty.</summary>
    public abstract void Backward(ref LayerPass pass, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx);
}
