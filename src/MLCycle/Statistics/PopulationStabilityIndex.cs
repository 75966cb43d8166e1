namespace MLCycle.Statistics;

/// <summary>The population stability index between an expected (reference) and an actual (current) distribution over the same buckets.</summary>
public static class PopulationStabilityIndex
{
    /// <summary>Share used in place of an empty bucket, so that ln(a/e) stays finite.</summary>
    public const double Epsilon = 1e-4;

    /// <summary>PSI = sum over buckets of (a - e) ln(a / e), with shares below <see cref="Epsilon"/> raised to it.</summary>
    public static double Compute(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Count != actual.Count)
            throw new ArgumentException($"Expected {expected.Count} buckets but actual has {actual.Count}.", nameof(actual));
        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var e = Math.Max(expected[i], Epsilon);
            var a = Math.Max(actual[i], Epsilon);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }
}
