using Microsoft.AspNetCore.Authorization;
using MLCycle.Access;

namespace MLCycle.Server.Auth;

/// <summary>
/// The authorization policy names every route carries, with <c>.RequireAuthorization(Policies.X)</c>, or <c>.AllowAnonymous()</c>
/// where a route is open on purpose. A route's model comes from its {reference}, {model} or {name} value and its experiment from
/// {experiment}; a route with neither asks for the role on anything, and filters what it answers with <see cref="UserAccess.Allows"/>.
/// </summary>
public static class Policies
{
    /// <summary>Reads: runs, models, versions, metrics.</summary>
    public const string Reader = "reader";

    /// <summary>Writes: log a run, register a version, change a description.</summary>
    public const string Editor = "editor";

    /// <summary>Approvals: move an alias, accept a challenger.</summary>
    public const string Approver = "approver";

    /// <summary>User management, the audit log, and anything a global admin alone may do.</summary>
    public const string Admin = "admin";

    /// <summary>Admin on the route's model (or a global admin): protect and unprotect its aliases.</summary>
    public const string ModelAdmin = "model-admin";

    /// <summary>Scoring: reader on the model, or anyone when the server's predictions are open (<see cref="ServerOptions.RequireToken"/>).</summary>
    public const string Predict = "predict";

    /// <summary>The names above, for tests and documentation.</summary>
    public static IReadOnlyList<string> All { get; } = [Reader, Editor, Approver, Admin, ModelAdmin, Predict];

    /// <summary>Registers the policies; <paramref name="requireTokenToPredict"/> closes <see cref="Predict"/> to anonymous callers.</summary>
    public static void Add(AuthorizationOptions options, bool requireTokenToPredict)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Reader, p => p.AddRequirements(new RoleRequirement(Role.Reader)));
        options.AddPolicy(Editor, p => p.AddRequirements(new RoleRequirement(Role.Editor)));
        options.AddPolicy(Approver, p => p.AddRequirements(new RoleRequirement(Role.Approver)));
        options.AddPolicy(Admin, p => p.AddRequirements(new RoleRequirement(Role.Admin, GlobalOnly: true)));
        options.AddPolicy(ModelAdmin, p => p.AddRequirements(new RoleRequirement(Role.Admin)));
        options.AddPolicy(Predict, p => p.AddRequirements(new RoleRequirement(Role.Reader, OpenToAnyone: !requireTokenToPredict)));
    }
}
