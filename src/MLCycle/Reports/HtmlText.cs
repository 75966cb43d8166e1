using System.Globalization;
using System.Net;

namespace MLCycle.Reports;

/// <summary>Encodes user text for HTML and formats numbers for the report, always in the invariant culture.</summary>
internal static class HtmlText
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A metric or statistic: four decimals for small values, thousands separators for large ones, "n/a" for NaN.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value)) return "n/a";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "-∞";
        return Math.Abs(value) >= 1000
            ? value.ToString("#,0.#", CultureInfo.InvariantCulture)
            // Rounded first, and + 0.0 turns a negative zero positive: -1e-17 would otherwise show as "-0".
            : (Math.Round(value, 4) + 0.0).ToString("0.####", CultureInfo.InvariantCulture);
    }

    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage with one decimal, such as 4.6%.</summary>
    public static string Percent(double ratio) => (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A signed number such as +0.25 or -1,200.</summary>
    public static string Signed(double value) => double.IsNaN(value) ? "n/a" : (value > 0 ? "+" : "") + Number(value);

    /// <summary>A signed percentage such as +12.5%.</summary>
    public static string SignedPercent(double ratio) =>
        double.IsNaN(ratio) ? "n/a" : (ratio * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A short axis label: 1.2M, 350k, 0.25.</summary>
    public static string Compact(double value)
    {
        double a = Math.Abs(value);
        if (a >= 1e6) return (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M";
        if (a >= 1e4) return (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k";
        return value.ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>A coordinate inside an SVG: two decimals are plenty and keep the page small.</summary>
    public static string Coord(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
