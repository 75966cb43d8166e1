namespace MLCycle.Training.Neural;

/// <summary>How the learning rate moves from one optimiser step to the next.</summary>
public enum MlpSchedule
{
    /// <summary>The same rate for every step.</summary>
    Constant,

    /// <summary>Cosine decay from the rate to a hundredth of it over <see cref="MlpOptions.MaxEpochs"/>, step by step.</summary>
    Cosine,
}
