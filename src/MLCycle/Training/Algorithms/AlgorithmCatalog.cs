namespace MLCycle.Training.Algorithms;

/// <summary>The algorithms MLCycle can train, by name.</summary>
internal static class AlgorithmCatalog
{
    private static readonly IAlgorithm[] All = [new LightGbmAlgorithm(), new FastTreeAlgorithm(), new LinearAlgorithm(), new BaselineAlgorithm()];

    public static IReadOnlyList<string> Names { get; } = All.Select(a => a.Name).ToArray();

    /// <summary>The named algorithms, in the order given; an unknown name is a spec error listing the valid ones.</summary>
    public static IReadOnlyList<IAlgorithm> Resolve(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0) throw new MLCycleException(ErrorKind.BadSpec, $"No algorithm was given; expected one or more of: {string.Join(", ", Names)}.");
        return names.Select(n => All.FirstOrDefault(a => string.Equals(a.Name, n.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new MLCycleException(ErrorKind.BadSpec, $"Unknown algorithm '{n}'; expected one of: {string.Join(", ", Names)}.")).ToArray();
    }
}
