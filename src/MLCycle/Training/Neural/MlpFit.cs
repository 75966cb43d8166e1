namespace MLCycle.Training.Neural;

/// <summary>What <see cref="MlpTrainer.Fit(ReadOnlySpan{float}, ReadOnlySpan{float}, int, TaskKind, MlpOptions, int)"/> returns: the network (with the best epoch's weights) and how training went.</summary>
/// <param name="Network">The fitted network.</param>
/// <param name="Epochs">Epochs run before early stopping or <see cref="MlpOptions.MaxEpochs"/>.</param>
/// <param name="BestEpoch">The epoch (1-based) whose weights were kept: the lowest validation loss, or the last without validation.</param>
/// <param name="TrainingLoss">Mean training loss per epoch.</param>
/// <param name="ValidationLoss">Mean validation loss per epoch; empty without a validation split.</param>
public sealed record MlpFit(MlpNetwork Network, int Epochs, int BestEpoch, IReadOnlyList<double> TrainingLoss, IReadOnlyList<double> ValidationLoss);
