using MLCycle.Access;
using MLCycle.Storage;

namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle users` and `mlcycle audit` end to end on a real store: tokens shown once, roles granted, tokens revoked,
/// every change in the audit log, and clear errors with their exit codes.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private readonly string store = Path.Combine(Directory.CreateTempSubdirectory("mlcycle-users-").FullName, "store");

    [Fact]
    public async Task UsersAdd_json_printsUserAndATokenThatVerifies()
    {
        var result = await Cli.RunAsync("users", "add", "bob", "--json", "--store", store);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("bob", result.Json().GetProperty("user").GetString());
        var token = result.Json().GetProperty("token").GetString()!;
        await using var opened = await MLCycleStore.OpenAsync(store);
        Assert.Equal("bob", (await new TokenVerifier(opened.Users).VerifyAsync(token))?.Name);
    }

    [Fact]
    public async Task UsersAdd_admin_printsOnlyTheTokenOnStdoutAndTheNoteOnStderr()
    {
        var result = await Cli.RunAsync("users", "add", "alice", "--admin", "--store", store);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.True(ApiTokens.TryParse(result.Out.Trim(), out _, out _), result.ToString());
        Assert.Contains("Created user alice (admin).", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersAdd_duplicate_exitsOneNamingTheUser()
    {
        await Cli.RunAsync("users", "add", "bob", "--store", store);

        var result = await Cli.RunAsync("users", "add", "bob", "--store", store);

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Contains("User 'bob' already exists", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersGrant_unknownRole_exitsTwoListingTheRoles()
    {
        await Cli.RunAsync("users", "add", "bob", "--store", store);

        var result = await Cli.RunAsync("users", "grant", "bob", "--model", "churn", "--role", "owner", "--store", store);

        Assert.Equal(ExitCodes.BadArguments, result.ExitCode);
        Assert.Contains("'owner' is not a role: use one of reader, editor, approver, admin.", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersGrant_modelAndExperimentTogether_exitsTwo()
    {
        await Cli.RunAsync("users", "add", "bob", "--store", store);

        var result = await Cli.RunAsync("users", "grant", "bob", "--model", "churn", "--experiment", "telco", "--role", "reader", "--store", store);

        Assert.Equal(ExitCodes.BadArguments, result.ExitCode);
        Assert.Contains("not both", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersGrantRevokeList_roundTrip_listShowsRoleAndNoLiveTokenAndAuditHasEveryChange()
    {
        await Cli.RunAsync("users", "add", "bob", "--store", store);
        var grant = await Cli.RunAsync("users", "grant", "bob", "--model", "churn", "--role", "approver", "--store", store);
        var revoke = await Cli.RunAsync("users", "revoke", "bob", "--store", store);

        var list = await Cli.RunAsync("users", "list", "--json", "--store", store);
        var audit = await Cli.RunAsync("audit", "--since", "1h", "--json", "--store", store);

        Assert.Equal("bob: approver on model churn", grant.Out.Trim());
        Assert.Contains("Revoked 1 token of bob", revoke.Out, StringComparison.Ordinal);
        var bob = list.Json()[0];
        Assert.Equal(0, bob.GetProperty("activeTokens").GetInt32());
        var granted = bob.GetProperty("grants")[0];
        Assert.Equal(("model", "churn", "approver"), (granted.GetProperty("scope").GetString(), granted.GetProperty("target").GetString(), granted.GetProperty("role").GetString()));
        Assert.Equal(["users.add", "users.grant", "users.revoke"], audit.Json().EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.All(audit.Json().EnumerateArray(), e => Assert.Equal($"local:{Environment.UserName}", e.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task UsersRevoke_withModel_takesAwayThatRoleKeepsTokensAndIsAudited()
    {
        await Cli.RunAsync("users", "add", "bob", "--store", store);
        await Cli.RunAsync("users", "grant", "bob", "--model", "churn", "--role", "approver", "--store", store);
        await Cli.RunAsync("users", "grant", "bob", "--experiment", "telco", "--role", "editor", "--store", store);

        var revoke = await Cli.RunAsync("users", "revoke", "bob", "--model", "churn", "--store", store);
        var again = await Cli.RunAsync("users", "revoke", "bob", "--model", "churn", "--store", store);
        var both = await Cli.RunAsync("users", "revoke", "bob", "--model", "churn", "--everywhere", "--store", store);

        Assert.Equal(ExitCodes.Ok, revoke.ExitCode);
        Assert.Equal("bob is no longer approver on model churn; its tokens and other roles stay.", revoke.Out.Trim());
        Assert.Equal(ExitCodes.Error, again.ExitCode);
        Assert.Contains("'bob' has no role on model 'churn'", again.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadArguments, both.ExitCode);
        var bob = (await Cli.RunAsync("users", "list", "--json", "--store", store)).Json()[0];
        Assert.Equal(1, bob.GetProperty("activeTokens").GetInt32());
        Assert.Equal("telco", Assert.Single(bob.GetProperty("grants").EnumerateArray()).GetProperty("target").GetString());
        var audit = (await Cli.RunAsync("audit", "--since", "1h", "--json", "--store", store)).Json().EnumerateArray().ToList();
        Assert.Equal("bob on model churn", Assert.Single(audit, e => e.GetProperty("action").GetString() == "users.ungrant").GetProperty("target").GetString());
    }

    [Fact]
    public async Task UsersRevoke_unknownUser_exitsOneSayingHowToList()
    {
        await Cli.RunAsync("users", "add", "bob", "--store", store);

        var result = await Cli.RunAsync("users", "revoke", "carol", "--store", store);

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Contains("No user 'carol'; 'mlcycle users list' shows the users", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("5w")]
    [InlineData("2026-13-01")]
    public async Task Audit_badSince_exitsTwoShowingTheForms(string since)
    {
        await Cli.RunAsync("users", "add", "bob", "--store", store);

        var result = await Cli.RunAsync("audit", "--since", since, "--store", store);

        Assert.Equal(ExitCodes.BadArguments, result.ExitCode);
        Assert.Contains("neither an age (30m, 12h, 7d) nor an ISO 8601 time", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_sinceAfterTheChanges_showsNone()
    {
        await Cli.RunAsync("users", "add", "bob", "--store", store);

        var result = await Cli.RunAsync("audit", "--since", DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"), "--json", "--store", store);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(0, result.Json().GetArrayLength());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(store)!, recursive: true);
        }
        catch (IOException)
        {
            // Litter in the temp folder must not fail the run.
        }
    }
}
