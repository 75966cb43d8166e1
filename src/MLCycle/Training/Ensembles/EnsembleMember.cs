namespace MLCycle.Training.Ensembles;

/// <summary>One model of an ensemble and its share of the blend (the shares of an ensemble sum to one).</summary>
public sealed record EnsembleMember(TrainedModel Model, double Weight);
