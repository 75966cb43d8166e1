using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using MLCycle.Access;

namespace MLCycle.Server.Auth;

/// <summary>Authenticates 'Authorization: Bearer TOKEN' against the store's hashed API tokens. No header is anonymous; a
/// wrong token counts against its address (<see cref="FailedTokenThrottle"/>), and a locked address is not checked at all.</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TokenVerifier verifier, FailedTokenThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>The failure of a request from an address locked by <see cref="FailedTokenThrottle"/>, answered 429.</summary>
    internal const string Throttled = "Too many wrong tokens came from this address.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderNames.Authorization, out var header)) return AuthenticateResult.NoResult();
        var address = RemoteAddress.Of(Context);
        if (throttle.LockedUntil(address) is not null) return AuthenticateResult.Fail(Throttled);
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, SchemeName, StringComparison.OrdinalIgnoreCase) || value.Parameter is not { } token)
        {
            throttle.Failed(address);
            return AuthenticateResult.Fail("The Authorization header is not 'Bearer TOKEN'.");
        }
        var access = await verifier.VerifyAsync(token, Context.RequestAborted);
        if (access is null)
        {
            throttle.Failed(address);
            return AuthenticateResult.Fail("The token is not recognised: it is malformed, unknown or revoked.");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new AccessIdentity(access)), SchemeName));
    }
}
