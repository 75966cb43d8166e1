using System.Globalization;

namespace MLCycle.Evaluation;

/// <summary>Formats metric values for messages: five significant digits, invariant culture.</summary>
internal static class MetricFormat
{
    public static string Value(double value) => double.IsNaN(value) ? "NaN" : value.ToString("G5", CultureInfo.InvariantCulture);

    public static string Percent(double ratio) => (ratio * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
