using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace MLCycle.Access;

/// <summary>
/// The API token format, "mlc_" + 12 hex characters of public prefix + "_" + 32 random bytes in base64url. The prefix finds
/// the one stored hash to check, so a request never hash-compares every user; only the secret's BCrypt hash is stored.
/// </summary>
public static class ApiTokens
{
    /// <summary>BCrypt cost: 2^10 rounds, 60 to 120 ms on one core here, so a stolen hash cannot be searched fast; a 256-bit
    /// random secret cannot be guessed anyway, and verified tokens are cached (<see cref="TokenVerifier"/>).</summary>
    public const int WorkFactor = 10;

    private const string Scheme = "mlc_";
    private const int PrefixLength = 12;
    private const int SecretLength = 43;

    /// <summary>The length of every token this format makes.</summary>
    public const int Length = 4 + PrefixLength + 1 + SecretLength;

    /// <summary>A new token and the prefix it is looked up by.</summary>
    public static (string Token, string Prefix, string Secret) Create()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixLength / 2));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return ($"{Scheme}{prefix}_{secret}", prefix, secret);
    }

    /// <summary>Splits a presented token into prefix and secret; false for anything not in the format.</summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out string? prefix, [NotNullWhen(true)] out string? secret)
    {
        prefix = secret = null;
        if (token is not { Length: Length } || !token.StartsWith(Scheme, StringComparison.Ordinal) || token[Scheme.Length + PrefixLength] != '_')
        {
            return false;
        }
        var p = token.Substring(Scheme.Length, PrefixLength);
        var s = token[(Scheme.Length + PrefixLength + 1)..];
        if (!p.All(char.IsAsciiHexDigitLower) || !s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }
        (prefix, secret) = (p, s);
        return true;
    }

    /// <summary>The slow hash stored for <paramref name="secret"/>.</summary>
    public static string Hash(string secret) => BCrypt.Net.BCrypt.HashPassword(secret, WorkFactor);

    /// <summary>Whether <paramref name="secret"/> matches the stored <paramref name="hash"/>; false (not an exception) for a damaged hash.</summary>
    public static bool Verify(string secret, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(secret, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }
}
