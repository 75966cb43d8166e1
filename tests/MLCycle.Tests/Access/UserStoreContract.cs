using System.Text.Json;
using MLCycle.Access;
using MLCycle.Tests.Storage;

namespace MLCycle.Tests.Access;

/// <summary>What every store backend must do with users, tokens, grants and the audit log.</summary>
public abstract class UserStoreContract : StoreContract
{
    [Fact]
    public async Task AddUserAsync_new_name_issues_a_token_that_verifies_and_stores_only_a_hash()
    {
        var issued = await Store.Users.AddUserAsync("alice", admin: true, "local:test");

        Assert.True(ApiTokens.TryParse(issued.Token, out var prefix, out var secret));
        var stored = await Store.Users.FindTokenAsync(prefix);
        Assert.NotNull(stored);
        Assert.DoesNotContain(secret, stored.Hash, StringComparison.Ordinal);
        Assert.StartsWith("$2", stored.Hash, StringComparison.Ordinal);
        Assert.Equal(new UserAccess("alice", true, []), stored.Access with { Grants = [] });
        Assert.NotNull(await new TokenVerifier(Store.Users).VerifyAsync(issued.Token));
    }

    [Fact]
    public async Task AddUserAsync_taken_name_is_a_conflict()
    {
        await Store.Users.AddUserAsync("bob", admin: false, "local:test");

        var e = await Assert.ThrowsAsync<MLCycleException>(() => Store.Users.AddUserAsync("bob", admin: false, "local:test"));

        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.Contains("'bob' already exists", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bob\n")]
    [InlineData("bo\u202Eb")]
    [InlineData("")]
    [InlineData("1bob")]
    public async Task AddUserAsync_bad_name_is_a_bad_spec(string name)
    {
        var e = await Assert.ThrowsAsync<MLCycleException>(() => Store.Users.AddUserAsync(name, admin: false, "local:test"));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Empty(await Store.Users.ListUsersAsync());
    }

    [Fact]
    public async Task GrantAsync_role_on_model_allows_that_model_only_and_replaces_the_earlier_role()
    {
        var issued = await Store.Users.AddUserAsync("bob", admin: false, "local:test");
        await Store.Users.GrantAsync("bob", new Grant(GrantScope.Model, "churn", Role.Reader), "local:test");
        await Store.Users.GrantAsync("bob", new Grant(GrantScope.Model, "churn", Role.Approver), "local:test");

        ApiTokens.TryParse(issued.Token, out var prefix, out _);
        var access = (await Store.Users.FindTokenAsync(prefix!))!.Access;

        Assert.Equal([new Grant(GrantScope.Model, "churn", Role.Approver)], access.Grants);
        Assert.True(access.Allows(Role.Approver, GrantScope.Model, "churn"));
        Assert.True(access.Allows(Role.Editor, GrantScope.Model, "churn"));
        Assert.False(access.Allows(Role.Admin, GrantScope.Model, "churn"));
        Assert.False(access.Allows(Role.Reader, GrantScope.Model, "fraud"));
        Assert.False(access.Allows(Role.Reader, GrantScope.Experiment, "churn"));
        var audit = (await Store.Audit.ReadAsync()).Where(a => a.Action == "users.grant").ToList();
        Assert.Equal([null, """{"role":"reader"}"""], audit.Select(a => a.BeforeJson));
        Assert.Equal("""{"role":"approver"}""", audit[^1].AfterJson);
    }

    [Fact]
    public async Task RevokeGrantAsync_role_on_one_model_is_taken_away_there_only_and_audited()
    {
        var issued = await Store.Users.AddUserAsync("bob", admin: false, "local:test");
        await Store.Users.GrantAsync("bob", new Grant(GrantScope.Model, "churn", Role.Approver), "local:test");
        await Store.Users.GrantAsync("bob", new Grant(GrantScope.Model, "fraud", Role.Reader), "local:test");

        var removed = await Store.Users.RevokeGrantAsync("bob", GrantScope.Model, "churn", "local:root");

        Assert.Equal(new Grant(GrantScope.Model, "churn", Role.Approver), removed);
        ApiTokens.TryParse(issued.Token, out var prefix, out _);
        var access = (await Store.Users.FindTokenAsync(prefix!))!.Access;
        Assert.Equal([new Grant(GrantScope.Model, "fraud", Role.Reader)], access.Grants);
        Assert.False(access.Allows(Role.Reader, GrantScope.Model, "churn"));
        var line = Assert.Single(await Store.Audit.ReadAsync(), a => a.Action == "users.ungrant");
        Assert.Equal(("local:root", "bob on model churn", """{"role":"approver"}""", (string?)null), (line.Actor, line.Target, line.BeforeJson, line.AfterJson));
    }

    [Fact]
    public async Task RevokeGrantAsync_no_role_there_is_not_found_and_writes_nothing()
    {
        await Store.Users.AddUserAsync("bob", admin: false, "local:test");
        await Store.Users.GrantAsync("bob", new Grant(GrantScope.Model, "churn", Role.Reader), "local:test");

        var e = await Assert.ThrowsAsync<NotFoundException>(() => Store.Users.RevokeGrantAsync("bob", GrantScope.Experiment, "churn", "local:test"));

        Assert.Contains("'bob' has no role on experiment 'churn'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await Store.Audit.ReadAsync(), a => a.Action == "users.ungrant");
        await Assert.ThrowsAsync<MLCycleException>(() => Store.Users.RevokeGrantAsync("bob", GrantScope.Global, "churn", "local:test"));
    }

    [Fact]
    public async Task GrantAsync_unknown_user_is_not_found()
    {
        var e = await Assert.ThrowsAsync<NotFoundException>(() =>
            Store.Users.GrantAsync("nobody", new Grant(GrantScope.Model, "churn", Role.Reader), "local:test"));

        Assert.Contains("'nobody'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeTokensAsync_user_with_token_token_no_longer_found_and_rotation_issues_a_working_one()
    {
        var first = await Store.Users.AddUserAsync("bob", admin: false, "local:test");
        ApiTokens.TryParse(first.Token, out var firstPrefix, out _);

        Assert.Equal(1, await Store.Users.RevokeTokensAsync("bob", "local:test"));
        Assert.Null(await Store.Users.FindTokenAsync(firstPrefix!));
        Assert.Equal(0, (await Store.Users.ListUsersAsync()).Single().ActiveTokens);

        var second = await Store.Users.RotateTokenAsync("bob", "local:test");
        Assert.NotEqual(first.Token, second.Token);
        Assert.NotNull(await new TokenVerifier(Store.Users).VerifyAsync(second.Token));
        Assert.Null(await new TokenVerifier(Store.Users).VerifyAsync(first.Token));
    }

    [Fact]
    public async Task AuditLog_alias_moves_are_recorded_with_the_version_before_and_after()
    {
        var run = await Store.Tracking.CreateRunAsync("audit", "r");
        await Store.Registry.CreateModelVersionAsync("churn", run.RunId, $"{run.RunId}/model");
        await Store.Registry.CreateModelVersionAsync("churn", run.RunId, $"{run.RunId}/model");
        await Store.Registry.SetAliasAsync("churn", "champion", 1, "carol", "first");
        await Store.Registry.SetAliasAsync("churn", "champion", 2, "dave", "better AUC");
        await Store.Registry.DeleteAliasAsync("churn", "champion", "erin");

        var moves = (await Store.Audit.ReadAsync()).Where(e => e.Target == "churn@champion").ToList();

        Assert.Equal(
            [("carol", "models.alias.set", null, """{"version":1}"""), ("dave", "models.alias.set", """{"version":1}""", """{"version":2}"""),
             ("erin", "models.alias.delete", """{"version":2}""", null)],
            moves.Select(m => (m.Actor, m.Action, m.BeforeJson, m.AfterJson)));
        Assert.Equal("better AUC", moves[1].Detail);
    }

    [Fact]
    public async Task AuditLog_changes_are_recorded_in_order_with_actor_and_after_state()
    {
        await Store.Users.AddUserAsync("alice", admin: true, "local:root");
        await Store.Audit.AppendAsync(new AuditEntry
        {
            Time = DateTimeOffset.UtcNow, Actor = "anonymous", Address = "10.0.0.7", Action = "GET /v1/models",
            Allowed = false, Status = 401,
        });

        var entries = await Store.Audit.ReadAsync();

        Assert.Equal(["users.add", "GET /v1/models"], entries.Select(e => e.Action));
        Assert.Equal("local:root", entries[0].Actor);
        Assert.True(entries[0].Allowed);
        Assert.Equal(JsonSerializer.Serialize(new { user = "alice", admin = true }), entries[0].AfterJson);
        Assert.Equal(("10.0.0.7", false, (int?)401), (entries[1].Address, entries[1].Allowed, entries[1].Status));
        Assert.True(entries[1].Id > entries[0].Id);
        Assert.Empty(await Store.Audit.ReadAsync(since: DateTimeOffset.UtcNow.AddMinutes(1)));
    }
}
