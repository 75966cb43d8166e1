using System.Globalization;
using MLCycle.Data;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace MLCycle.Validation;

/// <summary>Writes a suite as YAML that <see cref="ExpectationSuiteLoader"/> reads back to an equal suite: one flow mapping per column.</summary>
internal static class SuiteYamlWriter
{
    public static string Write(ExpectationSuite suite)
    {
        var root = new YamlMappingNode();
        if (suite.RowCount is { } rows)
        {
            var bounds = Flow();
            if (rows.Min is { } min) bounds.Add(Plain("min"), Plain(min.ToString(CultureInfo.InvariantCulture)));
            if (rows.Max is { } max) bounds.Add(Plain("max"), Plain(max.ToString(CultureInfo.InvariantCulture)));
            root.Add(Plain("row_count"), bounds);
        }
        if (suite.Columns.Count > 0)
        {
            var columns = new YamlMappingNode();
            foreach (var column in suite.Columns) columns.Add(Quoted(column.Name), Column(column));
            root.Add(Plain("columns"), columns);
        }
        if (suite.Rules.Count > 0)
            root.Add(Plain("rules"), new YamlSequenceNode(suite.Rules.Select(r => (YamlNode)Quoted(r.Text))));

        if (root.Children.Count == 0) return "{}\n";
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        // YamlDotNet ends a saved document with an explicit "..." marker; a suite file does not need it.
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlMappingNode Column(ColumnExpectations c)
    {
        var node = Flow();
        if (c.Exists is { } exists) node.Add(Plain("exists"), Boolean(exists));
        if (c.Type is { } type) node.Add(Plain("type"), Plain(Word(type)));
        if (c.NotNull is { } notNull) node.Add(Plain("not_null"), Boolean(notNull));
        if (c.MaxMissing is { } maxMissing) node.Add(Plain("max_missing"), Number(maxMissing));
        if (c.Range is { } range)
            node.Add(Plain("range"), new YamlSequenceNode(Bound(range.Min), Bound(range.Max)) { Style = SequenceStyle.Flow });
        if (c.Allowed is { } allowed)
            node.Add(Plain("allowed"), new YamlSequenceNode(allowed.Select(a => (YamlNode)Quoted(a))) { Style = SequenceStyle.Flow });
        if (c.Regex is { } regex) node.Add(Plain("regex"), Quoted(regex));
        if (c.Unique is { } unique) node.Add(Plain("unique"), Boolean(unique));
        if (c.Distribution is { } d)
        {
            var distribution = Flow();
            if (d.Psi is { } psi) distribution.Add(Plain("psi"), Number(psi));
            if (d.KsP is { } ks) distribution.Add(Plain("ks_p"), Number(ks));
            node.Add(Plain("distribution"), distribution);
        }
        return node;
    }

    private static string Word(ColumnKind kind) => ExpectationSuiteLoader.KindWords.First(kv => kv.Value == kind).Key;

    private static YamlMappingNode Flow() => new() { Style = MappingStyle.Flow };

    private static YamlScalarNode Plain(string text) => new(text) { Style = ScalarStyle.Plain };

    private static YamlScalarNode Quoted(string text) => new(text) { Style = ScalarStyle.DoubleQuoted };

    private static YamlScalarNode Boolean(bool value) => Plain(value ? "true" : "false");

    private static YamlScalarNode Number(double value) => Plain(value.ToString("R", CultureInfo.InvariantCulture));

    private static YamlScalarNode Bound(double? value) => value is { } v ? Number(v) : Plain("null");
}
