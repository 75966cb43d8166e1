namespace MLCycle.Training.Algorithms;

/// <summary>One entry of the algorithm catalog: a name and how to fit it; tuning and new learners plug in here.</summary>
internal interface IAlgorithm
{
    string Name { get; }

    IFittedModel Fit(FitRequest request);
}
