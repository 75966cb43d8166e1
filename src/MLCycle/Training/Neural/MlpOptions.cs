namespace MLCycle.Training.Neural;

/// <summary>How <see cref="MlpTrainer"/> builds and trains a multilayer perceptron; the defaults suit a few thousand rows of tabular data.</summary>
public sealed record MlpOptions
{
    /// <summary>Width of each hidden dense layer, input side first.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [64, 64];

    /// <summary>The non-linearity after every hidden layer.</summary>
    public MlpActivation Activation { get; init; } = MlpActivation.Relu;

    /// <summary>The normalisation between each hidden dense layer and its activation.</summary>
    public MlpNormalization Normalization { get; init; } = MlpNormalization.None;

    /// <summary>Probability of zeroing a hidden unit while training (inverted dropout); 0 turns dropout off.</summary>
    public float Dropout { get; init; }

    /// <summary>AdamW's step size at the start of training.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>How the step size changes over the epochs.</summary>
    public MlpSchedule Schedule { get; init; } = MlpSchedule.Cosine;

    /// <summary>AdamW's decoupled weight decay, applied to every parameter as PyTorch's AdamW does.</summary>
    public float WeightDecay { get; init; } = 1e-2f;

    /// <summary>Rows per optimiser step.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Upper bound on passes over the training rows.</summary>
    public int MaxEpochs { get; init; } = 100;

    /// <summary>Training stops after this many epochs in a row without a better validation loss; the best epoch's weights are kept.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Share of the rows held out for early stopping; 0 trains on every row for <see cref="MaxEpochs"/>.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Seeds the initial weights, the validation split, the shuffles and the dropout masks.</summary>
    public int Seed { get; init; } = 1;
}
