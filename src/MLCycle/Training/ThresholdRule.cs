using System.Globalization;

namespace MLCycle.Training;

/// <summary>
/// How a binary model's decision threshold is set: maximise F1 on out-of-fold predictions (the default), minimise the
/// cost of its mistakes (<c>threshold: { cost: { fp: 1, fn: 5 } }</c>), or a fixed probability (<c>threshold: 0.5</c>).
/// </summary>
public sealed record ThresholdRule
{
    private ThresholdRule(double? fixedAt, double falsePositiveCost, double falseNegativeCost)
    {
        FixedAt = fixedAt;
        FalsePositiveCost = falsePositiveCost;
        FalseNegativeCost = falseNegativeCost;
    }

    /// <summary>The fixed threshold, or null when it is chosen on out-of-fold predictions.</summary>
    public double? FixedAt { get; }
    /// <summary>Cost of a false positive; with <see cref="FalseNegativeCost"/>, 0 and 0 mean "maximise F1".</summary>
    public double FalsePositiveCost { get; }
    public double FalseNegativeCost { get; }
    public bool MaximisesF1 => FixedAt is null && FalsePositiveCost == 0 && FalseNegativeCost == 0;

    public static ThresholdRule F1 { get; } = new(null, 0, 0);

    public static ThresholdRule Fixed(double threshold) =>
        threshold is > 0 and < 1 ? new(threshold, 0, 0)
            : throw new MLCycleException(ErrorKind.BadSpec, $"A fixed threshold must be a probability between 0 and 1 (exclusive); found {threshold.ToString(CultureInfo.InvariantCulture)}.");

    public static ThresholdRule Cost(double falsePositive, double falseNegative)
    {
        if (!(double.IsFinite(falsePositive) && double.IsFinite(falseNegative) && falsePositive >= 0 && falseNegative >= 0 && falsePositive + falseNegative > 0))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"Threshold costs must be finite, 0 or more and not both 0; found fp {falsePositive.ToString(CultureInfo.InvariantCulture)}, fn {falseNegative.ToString(CultureInfo.InvariantCulture)}.");
        }
        return new(null, falsePositive, falseNegative);
    }

    public override string ToString() => FixedAt is { } t ? t.ToString(CultureInfo.InvariantCulture)
        : MaximisesF1 ? "f1"
        : string.Create(CultureInfo.InvariantCulture, $"cost fp={FalsePositiveCost} fn={FalseNegativeCost}");
}
