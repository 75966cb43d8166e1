namespace MLCycle.Training;

/// <summary>
/// One size of the learning curve: the model fitted on <paramref name="Share"/> of each fold's training rows (about
/// <paramref name="Rows"/> rows), scored on those rows and on the fold's validation rows; mean and spread (population sd) over the folds.
/// </summary>
public sealed record LearningCurvePoint(double Share, int Rows, double TrainMean, double TrainStd, double ValidationMean, double ValidationStd);
