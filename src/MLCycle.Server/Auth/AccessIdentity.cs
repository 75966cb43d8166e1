using System.Security.Claims;
using MLCycle.Access;

namespace MLCycle.Server.Auth;

/// <summary>The identity of a request whose bearer token verified: the user's name and what the user may do.</summary>
public sealed class AccessIdentity(UserAccess access) : ClaimsIdentity([new Claim(ClaimTypes.Name, access.Name)], BearerTokenHandler.SchemeName)
{
    public UserAccess Access { get; } = access;
}
