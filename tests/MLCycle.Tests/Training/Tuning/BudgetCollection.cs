namespace MLCycle.Tests.Training.Tuning;

/// <summary>Tests that time a search against its budget run alone: sharing 2 cores with other tests would time those, not the search.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BudgetCollection
{
    public const string Name = "search budget";
}
