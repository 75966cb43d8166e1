using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MLCycle.Tracking.Search;

/// <summary>The continuation token of a filtered search: how many runs were already returned, and the newest run that existed when
/// the first page was read (the snapshot), so runs created while a caller pages do not shift the pages. A fingerprint ties the token
/// to its search and a checksum refuses an altered token.</summary>
internal sealed record SearchPageToken(long Snapshot, long Offset)
{
    private const string Prefix = "s1";

    public string Encode(RunSearch search)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"{Prefix}:{Snapshot}:{Offset}:{Fingerprint(search)}");
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{body}:{Hash(body)}"));
    }

    public static SearchPageToken Decode(RunSearch search)
    {
        var token = search.PageToken ?? throw new ArgumentException("The search has no page token.", nameof(search));
        string[] parts;
        try
        {
            parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token)).Split(':');
        }
        catch (FormatException)
        {
            parts = [];
        }
        if (parts.Length != 5 || parts[0] != Prefix || Hash(string.Join(':', parts[..4])) != parts[4]
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var snapshot)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"Page token '{NameRules.Show(token)}' was not issued by this store or was altered; pass the next page token of a previous page.");
        }
        if (parts[3] != Fingerprint(search))
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                "The page token belongs to a different search (its experiment, filter or order_by differ); start again without a page token.");
        }
        return new SearchPageToken(snapshot, offset);
    }

    private static string Fingerprint(RunSearch search) =>
        Hash(string.Join('\u001f', [search.Experiment ?? "", search.Filter ?? "", .. search.OrderBy, "\u001e", .. search.VisibleExperiments ?? []]));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
