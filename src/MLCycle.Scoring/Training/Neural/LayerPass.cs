namespace MLCycle.Training.Neural;

/// <summary>What one layer sees for one pass over a block of rows: its own slices of the shared buffers.</summary>
internal ref struct LayerPass
{
    /// <summary>Rows in the block.</summary>
    public int Rows;

    /// <summary>True while training: dropout draws masks, batch normalisation uses the block's statistics.</summary>
    public bool Training;

    /// <summary>Seeds this layer's dropout mask for this block.</summary>
    public ulong Seed;

    /// <summary>The layer's weights.</summary>
    public ReadOnlySpan<float> Parameters;

    /// <summary>Where backward adds the layer's parameter gradients (empty when predicting).</summary>
    public Span<float> Gradients;

    /// <summary>Running statistics used when predicting.</summary>
    public ReadOnlySpan<float> State;

    /// <summary>While training: the block's statistics, which the trainer folds into <see cref="State"/> after the step.</summary>
    public Span<float> BatchState;

    /// <summary>What backward needs from forward (empty when predicting).</summary>
    public Span<float> Cache;
}
