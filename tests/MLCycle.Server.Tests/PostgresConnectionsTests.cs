using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Storage;
using Npgsql;

namespace MLCycle.Server.Tests;

/// <summary>A PostgreSQL store that takes no more connections (max_connections or a role's limit reached, as when many servers and
/// agents share one database) answers API requests 503 with Retry-After and a problem body, not 500; the server recovers by itself.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresConnectionsTests : IAsyncLifetime
{
    private readonly string name = "conn_" + Guid.NewGuid().ToString("N")[..16];
    private readonly string artifacts = Directory.CreateTempSubdirectory("mlcycle-pg-conn-").FullName;
    private readonly NpgsqlConnectionStringBuilder admin = new(Environment.GetEnvironmentVariable("MLCYCLE_TEST_POSTGRES") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("MLCYCLE_TEST_POSTGRES is not set: run `. .ci/postgres.sh`, or exclude these tests with --filter \"Requires!=postgres\"."));

    public Task InitializeAsync() =>
        // A role of its own (superusers ignore connection limits) owning the store's schema.
        AdminAsync($"CREATE ROLE {name} LOGIN; GRANT CREATE ON DATABASE {admin.Database} TO {name}; CREATE SCHEMA {name} AUTHORIZATION {name}");

    public async Task DisposeAsync()
    {
        await AdminAsync($"DROP SCHEMA IF EXISTS {name} CASCADE; DROP OWNED BY {name}; DROP ROLE IF EXISTS {name}");
        Directory.Delete(artifacts, recursive: true);
    }

    [Fact]
    public async Task Api_storeRefusesNewConnections_is503WithRetryAfterThenRecovers()
    {
        var address = $"postgresql://{name}@{admin.Host}:{admin.Port}/{admin.Database}?schema={name}";
        await using var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = address, ArtifactsDirectory = artifacts, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        using var client = new HttpClient
        {
            BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()),
        };
        // A verified token is remembered, so from here on only the searches themselves need the database.
        var user = await app.Services.GetRequiredService<MLCycleStore>().Users.AddUserAsync("operator", admin: true, "test");
        client.DefaultRequestHeaders.Authorization = new("Bearer", user.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/runs")).StatusCode);

        // The database is full for this role: its limit is the connections the server holds, and each of those is kept busy by a
        // search waiting on a lock, so the next request needs a connection PostgreSQL will not give.
        var held = await CountAsync($"SELECT count(*) FROM pg_stat_activity WHERE usename = '{name}'");
        await AdminAsync($"ALTER ROLE {name} CONNECTION LIMIT {held}");
        await using var locker = new NpgsqlConnection(admin.ConnectionString);
        await locker.OpenAsync();
        await using var lockTransaction = await locker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand($"LOCK TABLE {name}.runs IN ACCESS EXCLUSIVE MODE", locker, lockTransaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        var blocked = Enumerable.Range(0, (int)held).Select(_ => client.GetAsync("/api/v1/runs")).ToList();
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline
            && await CountAsync($"SELECT count(*) FROM pg_stat_activity WHERE usename = '{name}' AND wait_event_type = 'Lock'") < held;)
            await Task.Delay(50);

        var refused = await client.GetAsync("/api/v1/runs?filter=metrics.auc%20%3E%200.5");
        var body = await refused.Content.ReadAsStringAsync();
        await lockTransaction.RollbackAsync();
        var unblocked = await Task.WhenAll(blocked);
        await AdminAsync($"ALTER ROLE {name} CONNECTION LIMIT -1");
        var recovered = await client.GetAsync("/api/v1/runs");

        Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)refused.StatusCode}: {body}");
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(body))
        {
            var detail = problem.RootElement.GetProperty("detail").GetString()!;
            Assert.Contains("cannot take another connection", detail);
            // Where the database lives is the operator's business, not the caller's.
            Assert.DoesNotContain(admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), detail);
        }
        Assert.All(unblocked, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        await app.StopAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
