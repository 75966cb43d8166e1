using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MLCycle.Yaml;

/// <summary>Reads typed values out of one YAML mapping of a spec, failing with the file, key path and line.</summary>
internal sealed class SpecMapping
{
    private readonly YamlMappingNode _node;
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    public SpecMapping(YamlMappingNode node, string file, string path)
    {
        _node = node;
        File = file;
        Path = path;
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
                throw Fail(key.Start, path, "every key must be a plain word");
            _entries[name] = (key, value);
        }
    }

    public YamlMappingNode Node => _node;
    public string File { get; }
    public string Path { get; }
    public IEnumerable<string> Keys => _entries.Keys;

    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Refuses keys outside <paramref name="known"/>, suggesting the closest one.</summary>
    public void RejectUnknownKeys(IReadOnlyList<string> known)
    {
        foreach (var (name, (key, _)) in _entries)
        {
            if (known.Contains(name)) continue;
            var hint = SpecSpelling.Closest(name, known);
            var where = Path.Length == 0 ? "at the top level" : $"in '{Path}'";
            throw Fail(key.Start, KeyPath(name),
                $"unknown key '{name}' {where}{(hint is null ? "" : $"; did you mean '{hint}'?")} Known keys: {string.Join(", ", known)}.");
        }
    }

    public SpecMapping? Section(string key)
    {
        var node = Find(key);
        if (node is null) return null;
        if (node is YamlMappingNode m) return new SpecMapping(m, File, KeyPath(key));
        throw Fail(node.Start, KeyPath(key), $"expected a mapping of keys and values, found {Describe(node)}.");
    }

    public SpecMapping RequiredSection(string key) =>
        Section(key) ?? throw Missing(key, "a mapping");

    public string? Text(string key)
    {
        var node = Find(key);
        if (node is null) return null;
        if (node is YamlScalarNode s) return s.Value ?? "";
        throw Fail(node.Start, KeyPath(key), $"expected a single value, found {Describe(node)}.");
    }

    public string RequiredText(string key)
    {
        var text = Text(key) ?? throw Missing(key, "a value");
        if (text.Trim().Length == 0) throw Fail(Find(key)!.Start, KeyPath(key), "expected a value, found an empty string.");
        return text;
    }

    public int? Integer(string key)
    {
        var text = Text(key);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        throw Fail(Find(key)!.Start, KeyPath(key), $"expected an integer, found '{text}'.");
    }

    public double? Number(string key)
    {
        var text = Text(key);
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        throw Fail(Find(key)!.Start, KeyPath(key), $"expected a number, found '{text}'.");
    }

    public bool? Boolean(string key)
    {
        var text = Text(key);
        if (text is null) return null;
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase)) return false;
        throw Fail(Find(key)!.Start, KeyPath(key), $"expected true or false, found '{text}'.");
    }

    public IReadOnlyList<string>? List(string key)
    {
        var node = Find(key);
        if (node is null) return null;
        if (node is not YamlSequenceNode seq)
            throw Fail(node.Start, KeyPath(key), $"expected a list such as [a, b], found {Describe(node)}.");
        var items = new List<string>(seq.Children.Count);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var item = seq.Children[i];
            if (item is not YamlScalarNode { Value: { } text } || IsNull(item) || text.Trim().Length == 0)
                throw Fail(item.Start, $"{KeyPath(key)}[{i}]", $"expected a non-empty single value, found {Describe(item)}.");
            items.Add(text);
        }
        return items;
    }

    /// <summary>The list under <paramref name="key"/> (empty when absent), each item checked as a column name.</summary>
    public IReadOnlyList<string> ColumnNames(string key)
    {
        var names = List(key) ?? [];
        foreach (var name in names) ColumnName(key, name);
        return names;
    }

    /// <summary>Checks a column name given at <paramref name="key"/> with <see cref="NameRules.ColumnName"/>, failing at the key's line.</summary>
    public string ColumnName(string key, string name)
    {
        if (NameRules.IsPrintable(name, NameRules.MaxColumnNameLength)) return name;
        throw Invalid(key, $"'{NameRules.Show(name)}' is not a usable column name: expected 1 to {NameRules.MaxColumnNameLength} characters without control or formatting characters (such as U+202E) or leading or trailing spaces.");
    }

    /// <summary>Reads a word from a fixed set, e.g. <c>scale: minmax</c>, listing the set when the word is not in it.</summary>
    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> allowed) where T : struct
    {
        var text = Text(key);
        if (text is null) return null;
        if (allowed.TryGetValue(text.Trim().ToLowerInvariant(), out var value)) return value;
        throw Fail(Find(key)!.Start, KeyPath(key), $"expected one of {string.Join(", ", allowed.Keys)}, found '{text}'.");
    }

    /// <summary>The value node under <paramref name="key"/>, or null when the key is absent or its value is empty, for values of more than one shape.</summary>
    public YamlNode? ValueNode(string key) => Find(key);

    /// <summary>An error about the value under <paramref name="key"/>, at its line.</summary>
    public MLCycleException Invalid(string key, string message) =>
        Fail((Find(key) ?? _node).Start, KeyPath(key), message);

    public MLCycleException Fail(Mark at, string keyPath, string message) =>
        new(ErrorKind.BadSpec, $"{File}: line {at.Line}, '{NameRules.Show(keyPath)}': {message}");

    private MLCycleException Missing(string key, string what) =>
        Fail(_node.Start, KeyPath(key), $"missing required key '{KeyPath(key)}' ({what}).");

    /// <summary>The value under <paramref name="key"/>, or null when the key is absent or its value is empty/null.</summary>
    private YamlNode? Find(string key) =>
        _entries.TryGetValue(key, out var entry) && !IsNull(entry.Value) ? entry.Value : null;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{NameRules.Show(s.Value)}'",
        _ => "an unsupported node",
    };
}
