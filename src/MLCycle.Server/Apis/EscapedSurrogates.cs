using System.Text.Json;

namespace MLCycle.Server.Apis;

/// <summary>
/// Finds a string that is valid JSON but no text: an escaped surrogate without its pair ("\ud800"). JsonDocument accepts it and
/// throws only when the value is read, deep in scoring, as a server error. Only a body that escapes a surrogate at all (a cheap,
/// vectorised search of its bytes) is walked, so the usual request pays for one search.
/// </summary>
internal static class EscapedSurrogates
{
    /// <summary>The JSON path of the first property name or string that is no text, or null when every one is text.</summary>
    public static string? FindUnpaired(ReadOnlySpan<byte> body, JsonElement root) => MayHaveOne(body) ? Walk(root, "$") : null;

    public const string Reason = "is not valid text: an escaped surrogate (\\ud800 to \\udfff) without its pair";

    /// <summary>Whether the body holds "\u" followed by d or D and 8 to f: the escape of a code unit in the surrogate range.</summary>
    internal static bool MayHaveOne(ReadOnlySpan<byte> body)
    {
        for (var at = body.IndexOf("\\u"u8); at >= 0 && at + 3 < body.Length; )
        {
            if ((body[at + 2] | 0x20) == 'd' && IsSurrogateSecondDigit(body[at + 3])) return true;
            var next = body[(at + 2)..].IndexOf("\\u"u8);
            at = next < 0 ? -1 : at + 2 + next;
        }
        return false;
    }

    private static bool IsSurrogateSecondDigit(byte b) => b is (byte)'8' or (byte)'9' || (b | 0x20) is >= 'a' and <= 'f';

    private static string? Walk(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(element) ? null : path;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Walk(item, $"{path}[{i++}]") is { } found) return found;
                }
                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return $"{path} (a property name)";
                    }
                    if (Walk(property.Value, $"{path}.{name}") is { } found) return found;
                }
                return null;
            default:
                return null;
        }
    }

    private static bool IsText(JsonElement value)
    {
        try
        {
            _ = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
