namespace MLCycle.Training.Algorithms;

/// <summary>The algorithms MLCycle can train, by name: what each trains and what it tunes.</summary>
public static class AlgorithmCatalog
{
    private static readonly IAlgorithm[] All =
    [
        new LightGbmAlgorithm(), new FastTreeAlgorithm(), new FastForestAlgorithm(), new GamAlgorithm(), new SdcaAlgorithm(), new LbfgsAlgorithm(),
        new PoissonAlgorithm(), new AveragedPerceptronAlgorithm(), new LinearSvmAlgorithm(), new MlpAlgorithm(), new BaselineAlgorithm(),
    ];

    // An alias keeps its own name in results, so a run of an older spec still reports "linear" as it always did.
    private static readonly Dictionary<string, Func<IAlgorithm>> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["linear"] = () => new SdcaAlgorithm("linear"),
    };

    /// <summary>Every algorithm, in the order <c>mlcycle algorithms</c> lists them.</summary>
    public static IReadOnlyList<AlgorithmDescriptor> Descriptors { get; } = All.Select(a => a.Descriptor).ToArray();

    /// <summary>The names <c>train.algorithms</c> takes (aliases aside).</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(a => a.Name).ToArray();

    /// <summary>The algorithms that train <paramref name="task"/>.</summary>
    public static IReadOnlyList<AlgorithmDescriptor> For(TaskKind task) => Descriptors.Where(d => d.Supports(task)).ToArray();

    /// <summary>The named algorithms, in the order given; an unknown name is a spec error listing the valid ones.</summary>
    internal static IReadOnlyList<IAlgorithm> Resolve(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0) throw new MLCycleException(ErrorKind.BadSpec, $"No algorithm was given; expected one or more of: {string.Join(", ", Names)}.");
        return names.Select(Find).ToArray();
    }

    /// <summary>
    /// The named algorithms, each checked before anything trains: it must train <paramref name="task"/>, and take
    /// sample weights when the run has them.
    /// </summary>
    internal static IReadOnlyList<IAlgorithm> Resolve(IReadOnlyList<string> names, TaskKind task, bool weighted)
    {
        var algorithms = Resolve(names);
        foreach (var algorithm in algorithms)
        {
            var descriptor = algorithm.Descriptor;
            if (!descriptor.Supports(task))
            {
                throw new MLCycleException(ErrorKind.BadSpec,
                    $"Algorithm '{algorithm.Name}' does not support {TaskName(task)}; it supports {string.Join(", ", descriptor.Tasks.Select(TaskName))}.");
            }
            if (weighted && !descriptor.TakesWeights)
            {
                throw new MLCycleException(ErrorKind.BadSpec,
                    $"Algorithm '{algorithm.Name}' cannot weigh rows, and this run weighs them (population weights or train.class_weight); leave it out of train.algorithms or train without weights.");
            }
        }
        return algorithms;
    }

    /// <summary>A task as specs write it: binary, multiclass, regression.</summary>
    public static string TaskName(TaskKind task) => task.ToString().ToLowerInvariant();

    private static IAlgorithm Find(string name)
    {
        var trimmed = name.Trim();
        return All.FirstOrDefault(a => string.Equals(a.Name, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? (Aliases.TryGetValue(trimmed, out var alias) ? alias() : null)
            ?? throw new MLCycleException(ErrorKind.BadSpec,
                $"Unknown algorithm '{name}'; expected one of: {string.Join(", ", Names)} ('linear' is the older name of 'sdca').");
    }
}
