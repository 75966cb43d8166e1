using Microsoft.AspNetCore.Authorization;
using MLCycle.Access;

namespace MLCycle.Server.Auth;

/// <summary>At least <paramref name="Role"/> on the route's model or experiment; <paramref name="GlobalOnly"/> asks for a global
/// admin; <paramref name="OpenToAnyone"/> lets anonymous callers through (open predictions).</summary>
public sealed record RoleRequirement(Role Role, bool GlobalOnly = false, bool OpenToAnyone = false) : IAuthorizationRequirement;
