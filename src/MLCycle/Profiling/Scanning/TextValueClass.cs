using System.Globalization;

namespace MLCycle.Profiling.Scanning;

/// <summary>What a text value looks like to the data checks: a number, a word standing for missing, or anything else.</summary>
internal enum TextValueClass
{
    Other,
    Number,
    Placeholder,
}

/// <summary>Sorts text values into <see cref="TextValueClass"/> the way the checks compare them (trimmed, lower-cased).</summary>
internal static class TextValues
{
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Placeholders =
        ValueIssueDetector.MissingWords.Append(ValueIssueDetector.SoftMissingWord).ToHashSet(StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    public static TextValueClass Classify(ReadOnlySpan<char> text)
    {
        if (IsNumber(text)) return TextValueClass.Number;
        return IsPlaceholder(text) ? TextValueClass.Placeholder : TextValueClass.Other;
    }

    public static bool IsNumber(ReadOnlySpan<char> text) =>
        text.Length > 0 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    public static bool IsPlaceholder(ReadOnlySpan<char> text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 8) return false;
        Span<char> lower = stackalloc char[trimmed.Length];
        trimmed.ToLowerInvariant(lower);
        return Placeholders.Contains(lower);
    }
}
