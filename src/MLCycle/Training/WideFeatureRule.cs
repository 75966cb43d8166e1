using System.Globalization;

namespace MLCycle.Training;

/// <summary>
/// How learners treat wide data. Above <see cref="Threshold"/> input columns the preparation chain of every fit ends
/// with a feature screen (<see cref="Preparation.FeatureScreen"/>) that keeps the <see cref="ScreenedFeatures"/>
/// features with the most mutual information with the label on that fit's own training rows, and the tree learners
/// (LightGBM, FastTree) cut each feature into at most <see cref="WideBins"/> bins instead of 255. A fit then costs
/// about what it costs on <see cref="ScreenedFeatures"/> columns, whatever the width. At or below the threshold nothing changes.
/// </summary>
public static class WideFeatureRule
{
    /// <summary>Input columns above which the rule applies.</summary>
    public const int Threshold = 500;

    /// <summary>The features every learner keeps on wide data, chosen on each training part.</summary>
    public const int ScreenedFeatures = 200;

    /// <summary>The smallest fraction used, so that very wide data still offers each tree a useful share of the features.</summary>
    public const double MinimumFraction = 0.1;

    /// <summary>Whether the preparation chain ends with the feature screen: above <see cref="Threshold"/> input columns.</summary>
    public static bool Screens(int inputs) => inputs > Threshold;

    /// <summary>
    /// The fraction of features each tree is grown on: Threshold / the features the learner sees (at most 1, at least
    /// <see cref="MinimumFraction"/>). Since the screen keeps <see cref="ScreenedFeatures"/> &lt;= Threshold, it is 1 at every width.
    /// </summary>
    public static double FeatureFraction(int inputs)
    {
        var seen = Screens(inputs) ? ScreenedFeatures : inputs;
        return seen <= Threshold ? 1 : Math.Max(MinimumFraction, (double)Threshold / seen);
    }

    /// <summary>The bins per feature on wide data (LightGBM's and FastTree's default is 255).</summary>
    public const int WideBins = 63;

    /// <summary>The most bins a feature is cut into: 255 (both learners' default) up to <see cref="Threshold"/> inputs, then <see cref="WideBins"/>.</summary>
    public static int MaximumBins(int inputs) => inputs <= Threshold ? 255 : WideBins;

    /// <summary>The run parameter recording the tree learners' part of the rule, or null when the data is not wide enough for it to apply.</summary>
    public static string? Describe(int inputs) =>
        inputs <= Threshold ? null
            : string.Create(CultureInfo.InvariantCulture, $"{FeatureFraction(inputs):0.###}, {MaximumBins(inputs)} bins ({inputs} input columns > {Threshold}; lightgbm, fasttree)");

    /// <summary>The run parameter recording the feature screen, or null when the data is not wide enough for it.</summary>
    public static string? DescribeScreen(int inputs) =>
        Screens(inputs)
            ? string.Create(CultureInfo.InvariantCulture, $"{ScreenedFeatures} features by mutual information with the label, chosen on each training part ({inputs} input columns > {Threshold}; every learner)")
            : null;
}
