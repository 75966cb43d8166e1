namespace MLCycle.Training.Neural;

/// <summary>The normalisation applied to each hidden layer's pre-activations.</summary>
public enum MlpNormalization
{
    /// <summary>No normalisation.</summary>
    None,

    /// <summary>Per row, over the layer's units, with a learned scale and shift.</summary>
    Layer,

    /// <summary>Per unit, over the rows of a shard of the mini-batch while training and running averages when predicting.</summary>
    Batch,
}
