using System.Globalization;
using MLCycle.Data;
using MLCycle.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MLCycle.Validation;

/// <summary>Reads an expectation suite from YAML; every problem is an <see cref="MLCycleException"/> of kind <see cref="ErrorKind.BadSpec"/> naming the key and line.</summary>
public static class ExpectationSuiteLoader
{
    private static readonly string[] TopKeys = ["row_count", "columns", "rules"];
    private static readonly string[] RowCountKeys = ["min", "max"];
    private static readonly string[] ColumnKeys = ["exists", "type", "not_null", "max_missing", "range", "allowed", "regex", "unique", "distribution"];
    private static readonly string[] DistributionKeys = ["psi", "ks_p"];

    /// <summary>The words accepted for <c>type</c>, as <see cref="SuiteYamlWriter"/> writes them.</summary>
    internal static readonly Dictionary<string, ColumnKind> KindWords = new()
    {
        ["numeric"] = ColumnKind.Numeric, ["categorical"] = ColumnKind.Categorical, ["boolean"] = ColumnKind.Boolean,
        ["text"] = ColumnKind.Text, ["datetime"] = ColumnKind.DateTime,
    };

    /// <summary>Reads the suite file at <paramref name="path"/>.</summary>
    public static ExpectationSuite Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new MLCycleException(ErrorKind.BadSpec, $"{full}: expectation suite not found.");
        try
        {
            return Parse(SpecFile.ReadText(full, "expectation suite"), full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"{full}: cannot read the expectation suite: {e.Message}", e);
        }
    }

    /// <summary>Parses suite text; <paramref name="path"/> only names the file in errors.</summary>
    public static ExpectationSuite Parse(string yaml, string path)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(path);
        var root = ReadRoot(yaml, path);
        if (root is null) return new ExpectationSuite();
        root.RejectUnknownKeys(TopKeys);
        return new ExpectationSuite
        {
            RowCount = ReadRowCount(root),
            Columns = ReadColumns(root.Section("columns")),
            Rules = ReadRules(root),
        };
    }

    private static SpecMapping? ReadRoot(string yaml, string file)
    {
        // An empty file is an empty suite: it expects nothing and so always passes.
        var node = SpecYamlDocument.Load(yaml, file);
        if (node is null) return null;
        if (node is not YamlMappingNode mapping)
            throw new MLCycleException(ErrorKind.BadSpec, $"{file}: line {node.Start.Line}: expected a mapping with 'row_count', 'columns' and/or 'rules' at the top level.");
        return new SpecMapping(mapping, file, "");
    }

    private static RowCountExpectation? ReadRowCount(SpecMapping root)
    {
        var section = root.Section("row_count");
        if (section is null) return null;
        section.RejectUnknownKeys(RowCountKeys);
        var min = Count(section, "min");
        var max = Count(section, "max");
        if (min is null && max is null) throw root.Invalid("row_count", "expected 'min' and/or 'max', found neither.");
        if (min > max) throw section.Invalid("max", $"expected max ({max}) to be at least min ({min}).");
        return new RowCountExpectation(min, max);
    }

    private static long? Count(SpecMapping section, string key)
    {
        var text = section.Text(key);
        if (text is null) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        throw section.Invalid(key, $"expected a whole number of rows (0 or more), found '{text}'.");
    }

    private static List<ColumnExpectations> ReadColumns(SpecMapping? columns)
    {
        var result = new List<ColumnExpectations>();
        if (columns is null) return result;
        foreach (var name in columns.Keys.ToList())
        {
            columns.ColumnName(name, name);
            var c = columns.Section(name) ?? throw columns.Invalid(name, "expected a mapping of expectations such as { not_null: true }, found nothing.");
            c.RejectUnknownKeys(ColumnKeys);
            var maxMissing = c.Number("max_missing");
            if (maxMissing is < 0 or > 1) throw c.Invalid("max_missing", $"expected a share from 0 to 1, such as 0.05; found {maxMissing}.");
            var allowed = c.List("allowed");
            if (allowed is { Count: 0 }) throw c.Invalid("allowed", "expected at least one allowed value, found an empty list.");
            var regex = c.Text("regex");
            if (regex is { Length: 0 }) throw c.Invalid("regex", "expected a regular expression, found an empty string.");
            result.Add(new ColumnExpectations
            {
                Name = name,
                Exists = c.Boolean("exists"),
                Type = c.Choice("type", KindWords),
                NotNull = c.Boolean("not_null"),
                MaxMissing = maxMissing,
                Range = ReadRange(c),
                Allowed = allowed,
                Regex = regex,
                Unique = c.Boolean("unique"),
                Distribution = ReadDistribution(c),
            });
        }
        return result;
    }

    private static ValueRange? ReadRange(SpecMapping column)
    {
        var node = Child(column, "range");
        if (node is null || IsNull(node)) return null;
        if (node is not YamlSequenceNode { Children.Count: 2 } pair)
            throw column.Fail(node.Start, column.KeyPath("range"), "expected [min, max] with two numbers (either may be null for an open bound).");
        var bounds = pair.Children.Select((item, i) => Bound(column, item, i)).ToArray();
        if (bounds[0] is null && bounds[1] is null)
            throw column.Fail(node.Start, column.KeyPath("range"), "expected at least one bound, found [null, null].");
        if (bounds[0] > bounds[1])
            throw column.Fail(node.Start, column.KeyPath("range"), $"expected min ({bounds[0]}) to be at most max ({bounds[1]}).");
        return new ValueRange(bounds[0], bounds[1]);
    }

    private static double? Bound(SpecMapping column, YamlNode item, int index)
    {
        if (IsNull(item)) return null;
        if (item is YamlScalarNode { Value: { } text } &&
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        var found = item is YamlScalarNode s ? $"'{s.Value}'" : "a nested value";
        throw column.Fail(item.Start, $"{column.KeyPath("range")}[{index}]", $"expected a number or null, found {found}.");
    }

    private static DistributionExpectation? ReadDistribution(SpecMapping column)
    {
        var section = column.Section("distribution");
        if (section is null) return null;
        section.RejectUnknownKeys(DistributionKeys);
        var psi = section.Number("psi");
        if (psi is <= 0) throw section.Invalid("psi", $"expected a PSI bound above 0, such as 0.2; found {psi}.");
        var ks = section.Number("ks_p");
        if (ks is not null and (<= 0 or >= 1)) throw section.Invalid("ks_p", $"expected a p-value bound between 0 and 1, such as 0.01; found {ks}.");
        if (psi is null && ks is null) throw column.Invalid("distribution", "expected 'psi' and/or 'ks_p', found neither.");
        return new DistributionExpectation(psi, ks);
    }

    private static List<CrossColumnRule> ReadRules(SpecMapping root)
    {
        var node = Child(root, "rules");
        if (node is null || IsNull(node)) return [];
        if (node is not YamlSequenceNode list)
            throw root.Fail(node.Start, "rules", "expected a list of rules such as - \"age >= 18\".");
        var rules = new List<CrossColumnRule>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            if (item is not YamlScalarNode { Value: { } text } || IsNull(item))
                throw root.Fail(item.Start, $"rules[{i}]", "expected a rule written as text, such as \"age >= 18\".");
            try
            {
                rules.Add(CrossColumnRule.Parse(text));
            }
            catch (MLCycleException e)
            {
                throw root.Fail(item.Start, $"rules[{i}]", e.Message);
            }
        }
        return rules;
    }

    private static YamlNode? Child(SpecMapping mapping, string key) =>
        mapping.Node.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: { } k } && k == key).Value;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };
}
