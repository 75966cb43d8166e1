namespace MLCycle.Profiling.Drift;

/// <summary>
/// The reference CDF rebuilt from the 101 stored percentiles (0..100), interpolating linearly between them;
/// at a run of tied percentiles it jumps to the last one, so a value shared by many rows keeps its mass.
/// </summary>
internal sealed class PercentileCdf
{
    private readonly double[] _p;

    public PercentileCdf(IReadOnlyList<double> percentiles)
    {
        if (percentiles.Count != 101) throw new ArgumentException($"Expected 101 percentiles, found {percentiles.Count}.", nameof(percentiles));
        _p = percentiles.ToArray();
        // Guards against rounding in the stored profile: a CDF must not go down.
        for (var i = 1; i < _p.Length; i++) _p[i] = Math.Max(_p[i], _p[i - 1]);
    }

    public static bool CanUse(IReadOnlyList<double>? percentiles) =>
        percentiles is { Count: 101 } && percentiles.All(double.IsFinite);

    /// <summary>The reference share of values at or below <paramref name="x"/>.</summary>
    public double At(double x)
    {
        if (x < _p[0]) return 0;
        if (x >= _p[100]) return 1;
        // Largest i with p[i] <= x; it is below 100 because x < p[100].
        int lo = 0, hi = 100;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (_p[mid] <= x) lo = mid; else hi = mid;
        }
        return (lo + (x - _p[lo]) / (_p[lo + 1] - _p[lo])) / 100;
    }

    /// <summary>The reference share of values strictly below <paramref name="x"/>: differs from <see cref="At"/> only at tied percentiles.</summary>
    public double Below(double x)
    {
        if (x <= _p[0]) return 0;
        if (x > _p[100]) return 1;
        // Largest i with p[i] < x; p[i + 1] >= x > p[i], so the step is positive.
        int lo = 0, hi = 100;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (_p[mid] < x) lo = mid; else hi = mid;
        }
        return (lo + (x - _p[lo]) / (_p[lo + 1] - _p[lo])) / 100;
    }

    /// <summary>The stored percentile <paramref name="k"/> (0..100).</summary>
    public double Percentile(int k) => _p[k];

    /// <summary>The distinct inner decile cut points p10..p90; bins are (-inf, c0], (c0, c1], ..., (c_last, +inf).</summary>
    public double[] InnerDecileEdges() =>
        Enumerable.Range(1, 9).Select(k => _p[10 * k]).Distinct().ToArray();
}
