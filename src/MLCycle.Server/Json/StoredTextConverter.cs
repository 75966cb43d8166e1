using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLCycle.Server.Json;

/// <summary>Reads every string of a request body as text a store can keep: a NUL (U+0000) is refused, since PostgreSQL's text
/// cannot hold it and a SQLite store would keep what a PostgreSQL one refuses, and an unpaired surrogate is refused as no text.
/// The serializer adds where in the body the value was.</summary>
internal sealed class StoredTextConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw new JsonException();
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new JsonException(StoredText.NotText);
        }
        return text.Contains('\0', StringComparison.Ordinal) ? throw new JsonException(StoredText.HasNul) : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>What is said of text a store cannot keep, the same from every body reader.</summary>
internal static class StoredText
{
    public const string HasNul = "contains the character U+0000 (NUL), which a store cannot keep in text; remove it";

    public const string NotText = "is not valid text (an unpaired surrogate escape such as \\ud800)";
}
