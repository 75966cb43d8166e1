using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Server;
using MLCycle.Server.Tests;
using MLCycle.Storage;
using MLCycle.Tracking;
using Npgsql;

namespace MLCycle.Client.Tests;

/// <summary>Two servers on one PostgreSQL store, each sweeping for lapsed runs on its own timer (ADR 0055): every run whose client went
/// quiet is ended once (one end, one audit line), whichever server's sweep got there, and a run whose client keeps beating on one
/// server is left Running by both.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresRunLeaseTests : IAsyncLifetime
{
    // Long enough that the beating client's beats (a third of it apart) arrive in time on a loaded 2-core machine.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);
    private readonly string schema = "lease_" + Guid.NewGuid().ToString("N")[..16];
    private readonly string artifacts = Directory.CreateTempSubdirectory("mlcycle-pg-lease-").FullName;
    private readonly NpgsqlConnectionStringBuilder admin = new(Environment.GetEnvironmentVariable("MLCYCLE_TEST_POSTGRES") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("MLCYCLE_TEST_POSTGRES is not set: run `. .ci/postgres.sh`, or exclude these tests with --filter \"Requires!=postgres\"."));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
        Directory.Delete(artifacts, recursive: true);
    }

    [Fact]
    public async Task TwoServersSweeping_oneStore_endEachLapsedRunOnce_andKeepABeatingRun()
    {
        var store = new StoreOptions { Address = $"postgresql://{admin.Username}@{admin.Host}:{admin.Port}/{admin.Database}?schema={schema}", ArtifactsDirectory = artifacts };
        await using var first = await AccessServer.StartAsync(runLease: Lease, storeOptions: store);
        await using var second = await ServerApp.BuildAsync(new ServerOptions
        {
            StoreDirectory = store.Address, ArtifactsDirectory = artifacts, Urls = "http://127.0.0.1:0", RunLease = Lease,
        });
        await second.StartAsync();
        var secondAddress = new Uri(second.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        using var secondHttp = new HttpClient { BaseAddress = secondAddress };
        secondHttp.DefaultRequestHeaders.Authorization = new("Bearer", first.Tokens["editor"]);
        first.Client.DefaultRequestHeaders.Authorization = new("Bearer", first.Tokens["editor"]);

        using var beating = new MLCycleClient(secondAddress, first.Tokens["editor"]);
        var open = await beating.StartRunAsync("churn-exp", "beating");
        var quiet = new List<string>();
        for (var i = 0; i < 12; i++) quiet.Add(await CreateAsync(i % 2 == 0 ? first.Client : secondHttp));

        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if ((await StatusesAsync(first.Store, quiet)).All(s => s == Tracking.RunStatus.Killed)) break;
        }
        // A few more sweeps of both servers: a run ended twice would show a second end in the audit log.
        await Task.Delay(Lease * 2);

        Assert.All(await StatusesAsync(first.Store, quiet), s => Assert.Equal(Tracking.RunStatus.Killed, s));
        var lapses = (await first.Store.Audit.ReadAsync()).Where(e => e.Action == Run.LapseAction).Select(e => e.Target!).ToList();
        Assert.Equal(quiet.Order(StringComparer.Ordinal), lapses.Order(StringComparer.Ordinal));
        Assert.Equal(RunStatus.Running, (await beating.GetRunAsync(open.RunId)).Status);
        Assert.Equal(RunStatus.Finished, (await open.EndAsync()).Status);
    }

    private static async Task<string> CreateAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/api/v1/runs", new StringContent("""{"experiment":"churn-exp"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("run_id").GetString()!;
    }

    private static async Task<List<Tracking.RunStatus>> StatusesAsync(MLCycleStore store, IEnumerable<string> runs)
    {
        var statuses = new List<Tracking.RunStatus>();
        foreach (var id in runs) statuses.Add((await store.Tracking.GetRunAsync(id)).Status);
        return statuses;
    }
}
