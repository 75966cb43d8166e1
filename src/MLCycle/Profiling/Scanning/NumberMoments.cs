using System.Runtime.CompilerServices;

namespace MLCycle.Profiling.Scanning;

/// <summary>Count, mean, sum of squared deviations (Welford), minimum and maximum, mergeable across workers (Chan et al.).</summary>
internal struct NumberMoments
{
    public long Count;
    public double Mean;
    public double M2;
    public double Min;
    public double Max;

    public NumberMoments() => (Min, Max) = (double.PositiveInfinity, double.NegativeInfinity);

    public readonly double SampleStd => Count > 1 ? Math.Sqrt(M2 / (Count - 1)) : 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per value: optimised at once, as tier-up lags while every core scans
    public void Add(double x)
    {
        Count++;
        var delta = x - Mean;
        Mean += delta / Count;
        M2 += delta * (x - Mean);
        if (x < Min) Min = x;
        if (x > Max) Max = x;
    }

    public void Merge(in NumberMoments other)
    {
        if (other.Count == 0) return;
        if (Count == 0)
        {
            (Count, Mean, M2, Min, Max) = (other.Count, other.Mean, other.M2, other.Min, other.Max);
            return;
        }
        var n = Count + other.Count;
        var delta = other.Mean - Mean;
        Mean += delta * other.Count / n;
        M2 += other.M2 + delta * delta * Count * other.Count / n;
        Count = n;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }
}
