using System.Collections.Immutable;
using MLCycle.Training.Algorithms;

namespace MLCycle.Training.Tuning;

/// <summary>Draws hyperparameter configurations from a descriptor's ranges: log-uniform where it says log scale, uniform otherwise.</summary>
internal static class ConfigurationSampler
{
    public static ImmutableDictionary<string, double> Sample(AlgorithmDescriptor descriptor, Random random)
    {
        var values = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var h in descriptor.Hyperparameters)
        {
            var u = random.NextDouble();
            // A range that starts at 0 cannot be log-uniform; it is searched uniformly.
            var value = h.LogScale && h.Minimum > 0
                ? Math.Exp(Math.Log(h.Minimum) + u * (Math.Log(h.Maximum) - Math.Log(h.Minimum)))
                : h.Minimum + u * (h.Maximum - h.Minimum);
            values[h.Name] = h.Integer ? Math.Clamp(Math.Round(value), h.Minimum, h.Maximum) : value;
        }
        return values.ToImmutable();
    }
}
