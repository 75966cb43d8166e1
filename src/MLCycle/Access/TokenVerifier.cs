using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace MLCycle.Access;

/// <summary>
/// Turns a presented API token into the user's access, or null. A BCrypt check costs tens of milliseconds, more than a
/// prediction, so a verified token is remembered for <see cref="TokenVerifierOptions.CacheFor"/> under its SHA-256 (never
/// the token itself); failures are not remembered, so a wrong token always pays the full check.
/// </summary>
public sealed class TokenVerifier(IUserStore users, TokenVerifierOptions? options = null, TimeProvider? time = null)
{
    private readonly TokenVerifierOptions options = options ?? new();
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, (UserAccess Access, DateTimeOffset Until)> verified = new(StringComparer.Ordinal);

    /// <summary>The access of the token's user, or null when the token is malformed, unknown, revoked or wrong.</summary>
    public async Task<UserAccess?> VerifyAsync(string token, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!ApiTokens.TryParse(token, out var prefix, out var secret)) return null;
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var now = time.GetUtcNow();
        if (verified.TryGetValue(key, out var known) && known.Until > now) return known.Access;

        var stored = await users.FindTokenAsync(prefix, ct).ConfigureAwait(false);
        if (stored is null || !ApiTokens.Verify(secret, stored.Hash))
        {
            verified.TryRemove(key, out _);
            return null;
        }
        // A crude bound: a flood of distinct valid tokens cannot grow memory without limit; the next requests re-verify.
        if (verified.Count >= options.MaxCached) verified.Clear();
        verified[key] = (stored.Access, now + options.CacheFor);
        return stored.Access;
    }
}
