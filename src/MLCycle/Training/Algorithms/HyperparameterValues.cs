using System.Collections.Immutable;

namespace MLCycle.Training.Algorithms;

/// <summary>
/// The hyperparameter values one fit uses: those a tuner set, else the descriptor's default, else the value the
/// algorithm chooses from the data. With nothing set, every algorithm trains exactly as without tuning.
/// </summary>
internal sealed class HyperparameterValues
{
    private readonly AlgorithmDescriptor descriptor;
    private readonly ImmutableDictionary<string, double> values;

    public HyperparameterValues(AlgorithmDescriptor descriptor, ImmutableDictionary<string, double> values)
    {
        this.descriptor = descriptor;
        this.values = values;
        var unknown = values.Keys.FirstOrDefault(k => descriptor.Hyperparameters.All(h => h.Name != k));
        if (unknown is not null)
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"Algorithm '{descriptor.Name}' has no hyperparameter '{unknown}'; it tunes {string.Join(", ", descriptor.Hyperparameters.Select(h => h.Name))}.");
        }
    }

    /// <summary>The value set for <paramref name="name"/>, else its default, else <paramref name="fromData"/>.</summary>
    public double Double(string name, double fromData = double.NaN) =>
        values.TryGetValue(name, out var set) ? set : Find(name).Default ?? fromData;

    /// <summary>The value as a whole number (trees, leaves, iterations).</summary>
    public int Int(string name, int fromData = 0) => (int)Math.Round(Double(name, fromData));

    /// <summary>The value set for <paramref name="name"/>, else its default; null leaves the choice to the trainer.</summary>
    public float? Optional(string name) =>
        values.TryGetValue(name, out var set) ? (float)set : Find(name).Default is { } d ? (float)d : null;

    private Hyperparameter Find(string name) =>
        descriptor.Hyperparameters.FirstOrDefault(h => h.Name == name) ?? throw new InvalidOperationException($"{descriptor.Name} declares no hyperparameter '{name}'.");
}
