using System.Globalization;
using System.Text;

namespace MLCycle.Bench;

/// <summary>A seeded churn-like table: 6 numeric and 3 categorical features and a binary target that depends on them.</summary>
public static class SyntheticData
{
    private static readonly string[] Plans = ["basic", "plus", "premium", "family"];
    private static readonly string[] Regions = ["north", "south", "east", "west", "central"];
    private static readonly string[] Channels = ["web", "store", "phone"];

    public static void WriteCsv(string path, int rows, int seed = 42)
    {
        var random = new Random(seed);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.WriteLine("tenure,monthly,usage,support_calls,age,discount,plan,region,channel,churned");
        for (var i = 0; i < rows; i++)
        {
            var tenure = random.Next(0, 72);
            var monthly = 20 + random.NextDouble() * 100;
            var usage = Math.Max(0, Normal(random) * 15 + 50);
            var calls = random.Next(0, 8);
            var age = random.Next(18, 80);
            var discount = random.NextDouble() < 0.3 ? Math.Round(random.NextDouble() * 20, 1) : 0;
            var plan = Plans[random.Next(Plans.Length)];
            var region = Regions[random.Next(Regions.Length)];
            var channel = Channels[random.Next(Channels.Length)];
            var logit = -1.0 - 0.05 * tenure + 0.02 * monthly + 0.4 * calls - 0.03 * discount + (plan == "basic" ? 0.6 : 0) + (channel == "web" ? 0.3 : 0);
            var churned = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? "yes" : "no";
            var missingUsage = random.NextDouble() < 0.01;
            w.Write(string.Create(CultureInfo.InvariantCulture,
                $"{tenure},{monthly:0.00},{(missingUsage ? "" : usage.ToString("0.0", CultureInfo.InvariantCulture))},{calls},{age},{discount},{plan},{region},{channel},{churned}\n"));
        }
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
