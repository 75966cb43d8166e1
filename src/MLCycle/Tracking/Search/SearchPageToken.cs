using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MLCycle.Tracking.Search;

/// <summary>The continuation token of a filtered search, a keyset: the last run returned (its <c>run_seq</c> and its value of each
/// sort field, null where it has none) and the newest run that existed when the first page was read (the snapshot), so runs created
/// while a caller pages do not shift the pages. The next page starts right after that run, so a deep page costs what the first does.
/// A fingerprint ties the token to its search and a checksum refuses an altered token.</summary>
internal sealed record SearchPageToken(long Snapshot, long RunSeq, IReadOnlyList<object?> SortValues)
{
    private const string Prefix = "s2";

    public string Encode(RunSearch search)
    {
        var values = string.Join(',', SortValues.Select(EncodeValue));
        var body = string.Create(CultureInfo.InvariantCulture, $"{Prefix}:{Snapshot}:{RunSeq}:{values}:{Fingerprint(search)}");
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{body}:{Hash(body)}"));
    }

    /// <summary>Reads the token of <paramref name="search"/>, whose parsed order is <paramref name="order"/> (it types the values).</summary>
    public static SearchPageToken Decode(RunSearch search, IReadOnlyList<RunOrder> order)
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
        if (parts.Length != 6 || parts[0] != Prefix || Hash(string.Join(':', parts[..5])) != parts[5]
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var snapshot)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var runSeq))
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"Page token '{NameRules.Show(token)}' was not issued by this store or was altered; pass the next page token of a previous page.");
        }
        if (parts[4] != Fingerprint(search))
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                "The page token belongs to a different search (its experiment, filter or order_by differ); start again without a page token.");
        }
        var texts = parts[3].Length == 0 ? [] : parts[3].Split(',');
        if (texts.Length != order.Count)
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"Page token '{NameRules.Show(token)}' holds {texts.Length} sort values for an order of {order.Count}; pass the next page token of a previous page.");
        }
        return new SearchPageToken(snapshot, runSeq, [.. texts.Select((text, i) => DecodeValue(text, order[i].Field))]);
    }

    /// <summary>A sort value as the database returned it, typed as the field's column is (double, long or string), or null.</summary>
    public static object? Normalize(object? value, RunField field) => value is null or DBNull ? null : field switch
    {
        { Entity: SearchEntity.Metric } => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        { IsNumeric: true } => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    // "-" is null; anything else is "=" and the value's invariant text in base64url, so no value can hold the separators.
    private static string EncodeValue(object? value) => value switch
    {
        null => "-",
        double d => "=" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(d.ToString("R", CultureInfo.InvariantCulture))),
        IFormattable f => "=" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(f.ToString(null, CultureInfo.InvariantCulture))),
        _ => "=" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value.ToString() ?? "")),
    };

    // The checksum has passed, so a value that does not parse is a token of another version of this format, refused as altered.
    private static object? DecodeValue(string text, RunField field)
    {
        if (text == "-") return null;
        var value = text.StartsWith('=') ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text.AsSpan(1))) : null;
        object? parsed = field switch
        {
            _ when value is null => null,
            { Entity: SearchEntity.Metric } => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            { IsNumeric: true } => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
            _ => value,
        };
        return parsed ?? throw new MLCycleException(ErrorKind.BadSpec, $"A page token's sort value for {field} cannot be read; start again without a page token.");
    }

    private static string Fingerprint(RunSearch search) =>
        Hash(string.Join('\u001f', [search.Experiment ?? "", search.Filter ?? "", .. search.OrderBy, "\u001e", .. search.VisibleExperiments ?? []]));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
