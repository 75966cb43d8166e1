using System.Globalization;

namespace MLCycle.Training;

/// <summary>
/// How the tree learners (LightGBM, FastTree) treat wide data: above <see cref="Threshold"/> input columns each tree
/// is grown on a random <see cref="FeatureFraction"/> of the features (LightGBM's and FastTree's feature fraction), so a
/// tree costs what it costs on <see cref="Threshold"/> columns, and each feature is cut into at most <see cref="WideBins"/>
/// bins instead of 255, which makes LightGBM's split search and both learners' binning of the data 4 times cheaper.
/// At or below the threshold nothing changes.
/// </summary>
public static class WideFeatureRule
{
    /// <summary>Input columns above which tree learners sample features per tree.</summary>
    public const int Threshold = 500;

    /// <summary>The smallest fraction used, so that very wide data still offers each tree a useful share of the features.</summary>
    public const double MinimumFraction = 0.1;

    /// <summary>The fraction of features each tree is grown on: 1 up to <see cref="Threshold"/> inputs, then Threshold / inputs (at least <see cref="MinimumFraction"/>).</summary>
    public static double FeatureFraction(int inputs) =>
        inputs <= Threshold ? 1 : Math.Max(MinimumFraction, (double)Threshold / inputs);

    /// <summary>The bins per feature on wide data (LightGBM's and FastTree's default is 255).</summary>
    public const int WideBins = 63;

    /// <summary>The most bins a feature is cut into: 255 (both learners' default) up to <see cref="Threshold"/> inputs, then <see cref="WideBins"/>.</summary>
    public static int MaximumBins(int inputs) => inputs <= Threshold ? 255 : WideBins;

    /// <summary>The run parameter recording the rule, or null when the data is not wide enough for it to apply.</summary>
    public static string? Describe(int inputs) =>
        inputs <= Threshold ? null
            : string.Create(CultureInfo.InvariantCulture, $"{FeatureFraction(inputs):0.###}, {MaximumBins(inputs)} bins ({inputs} input columns > {Threshold}; lightgbm, fasttree)");
}
