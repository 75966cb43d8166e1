using MLCycle.Data;

namespace MLCycle.Training.Algorithms;

/// <summary>One entry of the algorithm catalog: a name and how to fit it; tuning and new learners plug in here.</summary>
internal interface IAlgorithm
{
    /// <summary>The name it was asked for by: the descriptor's name, or an alias an older spec used.</summary>
    string Name { get; }

    AlgorithmDescriptor Descriptor { get; }

    /// <summary>Refuses a target this learner cannot model (a BadData error naming the row), before anything trains.</summary>
    void CheckTarget(TableColumn target);

    IFittedModel Fit(FitRequest request);
}
