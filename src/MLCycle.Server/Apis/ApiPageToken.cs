using System.Buffers.Text;
using System.Text;

namespace MLCycle.Server.Apis;

/// <summary>Keyset page tokens for the registry lists: the key of the last item returned (a model name, a version number), opaque to callers.</summary>
internal static class ApiPageToken
{
    private const string Prefix = "r1:";

    /// <summary>The most items one page holds, and the default.</summary>
    public const int MaxResults = 1000;
    public const int DefaultResults = 100;

    public static string Encode(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + key));

    public static string Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)) return text[Prefix.Length..];
        }
        catch (FormatException)
        {
            // Falls through: a token that is not base64 is as foreign as one that decodes to something else.
        }
        throw new MLCycleException(ErrorKind.BadSpec, $"Page token '{NameRules.Show(token)}' was not issued by this server; pass the nextPageToken of a previous page.");
    }

    /// <summary>?max_results=, between 1 and <see cref="MaxResults"/>.</summary>
    public static int Size(int? maxResults) => maxResults switch
    {
        null => DefaultResults,
        >= 1 and <= MaxResults => maxResults.Value,
        _ => throw new MLCycleException(ErrorKind.BadSpec, $"max_results must be between 1 and {MaxResults}; found {maxResults}."),
    };
}
