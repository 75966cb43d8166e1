namespace MLCycle.Training.Neural;

/// <summary>
/// The shape of a network: per hidden layer Dense → [LayerNorm | BatchNorm] → ReLU/GELU → [Dropout], then a dense head.
/// All weights sit in one flat array (and running statistics in another) at fixed offsets, so the optimiser, the
/// gradient reduction, snapshots and the file format each treat them as one vector.
/// </summary>
internal sealed class MlpGraph
{
    public MlpGraph(TaskKind task, int features, int classes, IReadOnlyList<int> hidden, MlpActivation activation, MlpNormalization normalization, float dropout)
    {
        Task = task;
        Features = features;
        Classes = classes;
        Hidden = [.. hidden];
        Activation = activation;
        Normalization = normalization;
        Dropout = dropout;
        var layers = new List<Layer>();
        var width = features;
        foreach (var units in hidden)
        {
            layers.Add(new DenseLayer(width, units, heInit: true));
            if (normalization == MlpNormalization.Layer) layers.Add(new LayerNormLayer(units));
            if (normalization == MlpNormalization.Batch) layers.Add(new BatchNormLayer(units));
            layers.Add(new ActivationLayer(units, activation));
            if (dropout > 0) layers.Add(new DropoutLayer(units, dropout));
            width = units;
        }
        Outputs = LossHead.Width(task, classes);
        layers.Add(new DenseLayer(width, Outputs, heInit: false));
        Layers = layers;
        ParameterOffsets = new int[layers.Count];
        StateOffsets = new int[layers.Count];
        for (var l = 0; l < layers.Count; l++)
        {
            ParameterOffsets[l] = ParameterCount;
            StateOffsets[l] = StateCount;
            ParameterCount += layers[l].ParameterCount;
            StateCount += layers[l].StateCount;
        }
        MaxWidth = Math.Max(features, Math.Max(Outputs, Hidden.DefaultIfEmpty(0).Max()));
    }

    public TaskKind Task { get; }

    public int Features { get; }

    /// <summary>Classes of a multiclass task; 2 for binary, 0 for regression.</summary>
    public int Classes { get; }

    public int[] Hidden { get; }

    public MlpActivation Activation { get; }

    public MlpNormalization Normalization { get; }

    public float Dropout { get; }

    public int Outputs { get; }

    public IReadOnlyList<Layer> Layers { get; }

    public int[] ParameterOffsets { get; }

    public int[] StateOffsets { get; }

    public int ParameterCount { get; }

    public int StateCount { get; }

    public int MaxWidth { get; }

    public void Initialize(float[] parameters, float[] state, ref SplitMix random)
    {
        for (var l = 0; l < Layers.Count; l++)
            Layers[l].Initialize(ParameterSlice(parameters, l), state.AsSpan(StateOffsets[l], Layers[l].StateCount), ref random);
    }

    /// <summary>Runs a training forward pass over the workspace's first <paramref name="rows"/> input rows.</summary>
    public void Forward(GraphWorkspace work, int rows, float[] parameters, float[] state, ulong seed)
    {
        for (var l = 0; l < Layers.Count; l++)
        {
            var pass = Pass(l, rows, parameters, state, work, training: true);
            pass.Seed = SplitMix.Derive(seed, (ulong)l, 0);
            Layers[l].Forward(ref pass, work.Activations[l], work.Activations[l + 1]);
        }
    }

    /// <summary>Back-propagates <see cref="GraphWorkspace.Delta"/> (dL/dlogits) and adds into the workspace's gradients.</summary>
    public void Backward(GraphWorkspace work, int rows, float[] parameters, float[] state)
    {
        for (var l = Layers.Count - 1; l >= 0; l--)
        {
            var pass = Pass(l, rows, parameters, state, work, training: true);
            // the input layer's gradient with respect to the data is never needed
            var dx = l == 0 ? Span<float>.Empty : work.DeltaNext.AsSpan(0, rows * Layers[l].Inputs);
            Layers[l].Backward(ref pass, work.Activations[l], work.Delta, dx);
            (work.Delta, work.DeltaNext) = (work.DeltaNext, work.Delta);
        }
    }

    /// <summary>Predicts <paramref name="rows"/> standardised rows held in <paramref name="a"/>; returns the span holding the logits.</summary>
    public Span<float> Infer(Span<float> a, Span<float> b, int rows, float[] parameters, float[] state)
    {
        for (var l = 0; l < Layers.Count; l++)
        {
            var pass = new LayerPass
            {
                Rows = rows,
                Parameters = ParameterSlice(parameters, l),
                State = state.AsSpan(StateOffsets[l], Layers[l].StateCount),
            };
            Layers[l].Forward(ref pass, a, b);
            var swap = a;
            a = b;
            b = swap;
        }
        return a[..(rows * Outputs)];
    }

    private LayerPass Pass(int l, int rows, float[] parameters, float[] state, GraphWorkspace work, bool training) => new()
    {
        Rows = rows,
        Training = training,
        Parameters = ParameterSlice(parameters, l),
        Gradients = work.Gradients.AsSpan(ParameterOffsets[l], Layers[l].ParameterCount),
        State = state.AsSpan(StateOffsets[l], Layers[l].StateCount),
        BatchState = work.BatchState.AsSpan(StateOffsets[l], Layers[l].StateCount),
        Cache = work.Caches[l],
    };

    private Span<float> ParameterSlice(float[] parameters, int l) => parameters.AsSpan(ParameterOffsets[l], Layers[l].ParameterCount);
}
