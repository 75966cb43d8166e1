using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MLCycle.Tracking;

/// <summary>Continuation tokens for keyset paging: the position of the last item returned, opaque to callers.</summary>
internal static class PageToken
{
    private const string Prefix = "p1:";

    public static string Encode(long position) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + position.ToString(CultureInfo.InvariantCulture)));

    public static long Decode(string token)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                return position;
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below: a token that is not base64 is as foreign as one that decodes to garbage.
        }
        throw new MLCycleException(ErrorKind.BadSpec, $"Page token '{token}' was not issued by this store; pass the NextPageToken of a previous page.");
    }
}
