using System.Globalization;

namespace MLCycle.Server.Dashboard;

/// <summary>Numbers and times as the dashboard shows them, the same on every machine whatever its culture.</summary>
public static class Format
{
    public static string Number(double value) =>
        double.IsNaN(value) ? "n/a" : Math.Abs(value) is >= 1e6 or (< 1e-4 and > 0) ? value.ToString("0.###e0", CultureInfo.InvariantCulture)
            : value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
    };
}
