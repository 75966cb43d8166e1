using MLCycle.Data;
using MLCycle.Yaml;
using YamlDotNet.RepresentationModel;

namespace MLCycle.Pipelines;

/// <summary>
/// Reads the spec's <c>sources</c> list: each entry a path (file, folder, glob, SQLite file, PostgreSQL or HTTP(S)
/// address) or a mapping with the path and how to read it. Each source is labelled with its key and line for errors.
/// </summary>
internal static class SpecSourcesReader
{
    private static readonly string[] EntryKeys = ["path", "table", "query", "delimiter", "quote", "encoding", "header"];

    public static IReadOnlyList<SourceSpec> Read(SpecMapping root, string directory)
    {
        if (root.ValueNode("sources") is not { } node) return [];
        if (node is not YamlSequenceNode list || list.Children.Count == 0)
            throw root.Invalid("sources", "expected a list of sources, such as [a.csv, b.csv] or entries with 'path:', found " +
                (node is YamlSequenceNode ? "an empty list." : "a single value or mapping."));
        return list.Children.Select((item, i) => Entry(root, item, $"sources[{i}]", directory)).ToList();
    }

    private static SourceSpec Entry(SpecMapping root, YamlNode item, string key, string directory)
    {
        if (item is YamlScalarNode { Value: { } text } scalar && text.Trim().Length > 0 && !IsNull(scalar))
            return Source(root, item, key, text.Trim(), new TableReadOptions(), directory);
        if (item is not YamlMappingNode mapping)
            throw root.Fail(item.Start, key, "expected a path or a mapping with 'path:' (and 'table:', 'query:' or CSV settings), found nothing.");

        var entry = new SpecMapping(mapping, root.File, key);
        entry.RejectUnknownKeys(EntryKeys);
        var path = entry.RequiredText("path").Trim();
        var (table, query) = (entry.Text("table"), entry.Text("query"));
        var database = SourceAddress.IsDatabase(path);
        if (!database && (table ?? query) is not null)
            throw entry.Invalid(table is null ? "query" : "table", $"'{path}' is not a database (a .db/.sqlite file or a PostgreSQL address), so it has no tables or queries.");
        if (database && (table is null) == (query is null))
            throw entry.Invalid(table is null ? "path" : "query", $"'{SourceAddress.Display(path)}' is a database: give either 'table:' or 'query:' (exactly one).");
        var quote = entry.Text("quote");
        if (quote is { Length: not 1 })
            throw entry.Invalid("quote", $"expected one quote character, such as '\"', found '{quote}'.");
        var csv = new CsvOptions { Delimiter = entry.Text("delimiter"), Quote = quote?[0], Encoding = entry.Text("encoding"), Header = entry.Boolean("header") };
        var options = new TableReadOptions
        {
            Table = table,
            Query = query,
            Csv = csv == new CsvOptions() ? null : csv,
        };
        return Source(entry, entry.ValueNode("path")!, $"{key}.path", path, options, directory);
    }

    private static bool IsNull(YamlScalarNode node) =>
        node.Style is YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any && node.Value is "~" or "null" or "Null" or "NULL";

    private static SourceSpec Source(SpecMapping at, YamlNode node, string key, string path, TableReadOptions options, string directory)
    {
        // Addresses are read as they are; anything else is a file, folder or glob relative to the spec.
        var resolved = SourceAddress.IsAddress(path) ? path : Path.GetFullPath(Path.Combine(directory, path));
        if (SourceAddress.Unsupported(resolved) is { } why) throw at.Fail(node.Start, key, $"unknown kind of source: {why}");
        return new SourceSpec(resolved, options) { Label = $"{at.File}: line {node.Start.Line}, '{key}'" };
    }
}
