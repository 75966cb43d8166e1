using System.Data.Common;
using MLCycle.Access;

namespace MLCycle.Tests.Storage;

/// <summary>The audit log is append-only in the database itself: raw SQL that rewrites or removes a line fails on every engine.</summary>
public abstract class AuditLogTamperContract : StoreContract
{
    /// <summary>A connection to the store's database that bypasses MLCycle, as a script or a SQL shell would.</summary>
    protected abstract Task<DbConnection> OpenRawAsync();

    /// <summary>Brings the store's schema up to date again through its address.</summary>
    protected abstract Task<IReadOnlyList<string>> MigrateAgainAsync();

    [Fact]
    public async Task RawUpdate_of_an_audit_line_fails_and_leaves_it_unchanged()
    {
        await AppendAsync("users.add");

        var error = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("UPDATE audit_log SET actor = 'mallory'"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Equal("local:root", Assert.Single(await Store.Audit.ReadAsync()).Actor);
    }

    [Fact]
    public async Task RawDelete_of_an_audit_line_fails_and_keeps_it()
    {
        await AppendAsync("users.add");

        var error = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("DELETE FROM audit_log"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Single(await Store.Audit.ReadAsync());
    }

    [Fact]
    public async Task AppendAsync_after_migrating_again_still_appends_and_keeps_the_log_guarded()
    {
        await AppendAsync("users.add");

        Assert.Empty(await MigrateAgainAsync());
        await AppendAsync("users.grant");

        Assert.Equal(["users.add", "users.grant"], (await Store.Audit.ReadAsync()).Select(e => e.Action));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("DELETE FROM audit_log WHERE action = 'users.grant'"));
        Assert.Equal(2, (await Store.Audit.ReadAsync()).Count);
    }

    [Fact]
    public async Task ReadNewestAsync_belowTheLastIdOfAPage_continuesNewestFirstWithinSince()
    {
        foreach (var action in new[] { "a", "b", "c", "d", "e" }) await AppendAsync(action);
        var all = await Store.Audit.ReadAsync();

        var first = await Store.Audit.ReadNewestAsync(null, null, 2);
        var second = await Store.Audit.ReadNewestAsync(null, first[^1].Id, 2);
        var last = await Store.Audit.ReadNewestAsync(null, second[^1].Id, 2);
        var future = await Store.Audit.ReadNewestAsync(DateTimeOffset.UtcNow.AddMinutes(1), null, 10);

        Assert.Equal(["e", "d", "c", "b", "a"], first.Concat(second).Concat(last).Select(e => e.Action));
        Assert.Equal(all.Select(e => e.Id).Reverse(), first.Concat(second).Concat(last).Select(e => e.Id));
        Assert.Empty(future);
    }

    private Task AppendAsync(string action) => Store.Audit.AppendAsync(new AuditEntry
    {
        Time = DateTimeOffset.UtcNow, Actor = "local:root", Address = "local", Action = action, Allowed = true,
    });

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
