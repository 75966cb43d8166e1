namespace MLCycle.Training.Neural;

/// <summary>
/// The buffers one shard trains in: every layer's activations and cache for up to <see cref="Capacity"/> rows, its own
/// parameter gradients and batch statistics. One per shard, reused across steps, so training allocates nothing per step.
/// </summary>
internal sealed class GraphWorkspace
{
    public GraphWorkspace(MlpGraph graph, int capacity)
    {
        Capacity = capacity;
        Activations = new float[graph.Layers.Count + 1][];
        Activations[0] = new float[capacity * graph.Features];
        Caches = new float[graph.Layers.Count][];
        for (var l = 0; l < graph.Layers.Count; l++)
        {
            Activations[l + 1] = new float[capacity * graph.Layers[l].Outputs];
            Caches[l] = new float[graph.Layers[l].CacheSize(capacity)];
        }
        Gradients = new float[graph.ParameterCount];
        BatchState = new float[graph.StateCount];
        Targets = new float[capacity];
        Delta = new float[capacity * graph.MaxWidth];
        DeltaNext = new float[capacity * graph.MaxWidth];
    }

    public int Capacity { get; }

    /// <summary>[0] is the standardised input block; [l + 1] is layer l's output.</summary>
    public float[][] Activations { get; }

    public float[][] Caches { get; }

    public float[] Gradients { get; }

    public float[] BatchState { get; }

    public float[] Targets { get; }

    /// <summary>dL/d(output) of the layer being differentiated; swapped with <see cref="DeltaNext"/> layer by layer.</summary>
    public float[] Delta { get; set; }

    public float[] DeltaNext { get; set; }
}
