namespace MLCycle.Preparation.Treatments;

/// <summary>Trims and case-folds categorical values, and "column=value" tokens by their value part.</summary>
public static class CategoryTokenNormalizer
{
    /// <summary>The value trimmed, and lower-cased (invariant culture) when <paramref name="caseFold"/>.</summary>
    public static string NormalizeValue(string value, bool caseFold)
    {
        var trimmed = value.Trim();
        return caseFold ? trimmed.ToLowerInvariant() : trimmed;
    }

    /// <summary>
    /// A "column=value" token with its value normalised. The column is taken to end at the first '='; this is the
    /// function inside the model, so the keys the chain is fitted with are made by it too.
    /// </summary>
    public static string NormalizeToken(string? token, bool caseFold)
    {
        if (token is null) return "";
        var cut = token.IndexOf('=');
        if (cut < 0) return token;
        var value = token.AsSpan(cut + 1);
        var trimmed = value.Trim();
        if (!caseFold && trimmed.Length == value.Length) return token;
        var normalized = caseFold ? trimmed.ToString().ToLowerInvariant() : trimmed.ToString();
        return string.Concat(token.AsSpan(0, cut + 1), normalized);
    }
}
