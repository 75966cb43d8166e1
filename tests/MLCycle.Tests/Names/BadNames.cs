namespace MLCycle.Tests.Names;

/// <summary>Names no entry point may accept: control characters (a final newline above all, which .NET's <c>$</c> lets
/// through), formatting characters that hide or reorder text, empty and blank names. Shared by the library, CLI and server tests so every entry point sees the same list.</summary>
public static class BadNames
{
    public static readonly string[] All =
    [
        "churn\n", "churn\r\n", "\nchurn", "ch\turn", "ch\0urn", "churn\u007f", "churn\u0085", "churn\u001b[31m", "", " ", "\t",
        // Seen as another name: a right-to-left override, a zero-width space, a line separator.
        "churn\u202eNSON", "ch\u200burn", "churn\u2028",
    ];

    public static TheoryData<string> Data()
    {
        var data = new TheoryData<string>();
        foreach (var name in All) data.Add(name);
        return data;
    }

    /// <summary>The name as a YAML double-quoted scalar, every character escaped, so the spec carries it exactly.</summary>
    public static string Yaml(string name) => "\"" + string.Concat(name.Select(c => $"\\u{(int)c:x4}")) + "\"";
}
