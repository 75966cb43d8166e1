using System.Globalization;
using MLCycle.Preparation.Treatments;
using MLCycle.Yaml;
using YamlDotNet.RepresentationModel;

namespace MLCycle.Pipelines;

/// <summary>Reads the treatment keys of the <c>prepare</c> section: <c>sentinels</c>, <c>categories</c> and <c>outliers</c>.</summary>
internal static class TreatmentSpecReader
{
    /// <summary>The keys this reader owns under <c>prepare</c>.</summary>
    public static readonly string[] Keys = ["sentinels", "categories", "outliers"];

    private static readonly string[] CategoryKeys = ["case_fold", "min_count", "min_share"];
    private static readonly string[] OutlierKeys = ["mode", "iqr", "percentiles"];
    private static readonly Dictionary<string, OutlierMode> Modes = new() { ["clip"] = OutlierMode.Clip, ["remove"] = OutlierMode.Remove };

    public static TreatmentOptions Read(SpecMapping prepare) => new()
    {
        Sentinels = ReadSentinels(prepare.Section("sentinels")),
        // A bare "categories:" asks for normalisation with the defaults.
        Categories = prepare.Keys.Contains("categories") ? ReadCategories(prepare.Section("categories")) ?? new CategoryOptions() : null,
        Outliers = ReadOutliers(prepare.Section("outliers")),
    };

    private static Dictionary<string, IReadOnlyList<string>> ReadSentinels(SpecMapping? sentinels)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (sentinels is null) return result;
        foreach (var column in sentinels.Keys.ToList())
        {
            sentinels.ColumnName(column, column);
            var values = sentinels.List(column) ?? throw sentinels.Invalid(column, "expected a list of values that stand for missing, such as [-999] or [\"N/A\", \"?\"]; found nothing.");
            if (values.Count == 0) throw sentinels.Invalid(column, "expected at least one value that stands for missing, found an empty list.");
            result[column] = values;
        }
        return result;
    }

    private static CategoryOptions? ReadCategories(SpecMapping? categories)
    {
        if (categories is null) return null;
        categories.RejectUnknownKeys(CategoryKeys);
        var defaults = new CategoryOptions();
        var minCount = categories.Integer("min_count") ?? defaults.MinCount;
        if (minCount < 0) throw categories.Invalid("min_count", $"expected a count of 0 or more, found {minCount}.");
        var minShare = categories.Number("min_share") ?? defaults.MinShare;
        if (minShare is < 0 or >= 1) throw categories.Invalid("min_share", $"expected a share from 0 up to (not including) 1, such as 0.01; found {minShare.ToString(CultureInfo.InvariantCulture)}.");
        return new CategoryOptions { CaseFold = categories.Boolean("case_fold") ?? defaults.CaseFold, MinCount = minCount, MinShare = minShare };
    }

    private static Dictionary<string, OutlierRule> ReadOutliers(SpecMapping? outliers)
    {
        var result = new Dictionary<string, OutlierRule>(StringComparer.Ordinal);
        if (outliers is null) return result;
        foreach (var column in outliers.Keys.ToList())
        {
            outliers.ColumnName(column, column);
            result[column] = outliers.Node.Children[new YamlScalarNode(column)] is YamlMappingNode
                ? ReadRule(outliers.Section(column)!)
                : new OutlierRule { Mode = outliers.Choice(column, Modes) ?? throw outliers.Invalid(column, "expected clip or remove, found nothing.") };
        }
        return result;
    }

    private static OutlierRule ReadRule(SpecMapping rule)
    {
        rule.RejectUnknownKeys(OutlierKeys);
        var defaults = new OutlierRule();
        var iqr = rule.Number("iqr");
        if (iqr is <= 0) throw rule.Invalid("iqr", $"expected a fence multiplier above 0, such as 1.5; found {iqr.Value.ToString(CultureInfo.InvariantCulture)}.");
        var percentiles = rule.List("percentiles");
        if (iqr is not null && percentiles is not null) throw rule.Invalid("percentiles", "give either 'iqr' or 'percentiles', not both.");
        return new OutlierRule
        {
            Mode = rule.Choice("mode", Modes) ?? defaults.Mode,
            IqrFactor = iqr ?? defaults.IqrFactor,
            Percentiles = percentiles is null ? null : ReadPercentiles(rule, percentiles),
        };
    }

    private static PercentileRange ReadPercentiles(SpecMapping rule, IReadOnlyList<string> items)
    {
        var numbers = items.Select(i => double.TryParse(i, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null).ToList();
        if (numbers is not [{ } low, { } high] || !(low >= 0 && low < high && high <= 100))
            throw rule.Invalid("percentiles", $"expected [low, high] with 0 <= low < high <= 100, such as [1, 99]; found [{string.Join(", ", items)}].");
        return new PercentileRange(low, high);
    }
}
