using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Server;

namespace MLCycle.Cli.Tests;

/// <summary>The CLI and the server on a shared PostgreSQL store (<c>.ci/postgres.sh</c>), each test in a fresh schema.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresStoreCliTests : IDisposable
{
    private readonly PostgresSchema postgres = new();

    public void Dispose() => postgres.Dispose();

    [Fact]
    public async Task StoreMigrate_newSchema_listsEveryMigrationThenNothing()
    {
        var first = await Cli.RunAsync(["store", "migrate", "--store", postgres.Address, "--json"]);
        var second = await Cli.RunAsync(["store", "migrate", "--store", postgres.Address]);

        Assert.True(first.ExitCode == 0, first.ToString());
        var applied = first.Json().GetProperty("applied").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal("0001 tracking", applied[0]);
        // Migration numbers may leave a gap (one reserved for another branch), so the last applied one is the schema version.
        Assert.StartsWith($"{first.Json().GetProperty("schemaVersion").GetInt32():0000} ", applied[^1], StringComparison.Ordinal);
        Assert.Equal(postgres.Address, first.Json().GetProperty("store").GetString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("no migration to apply", second.Out);
    }

    [Fact]
    public async Task UsersAdd_postgresStore_createsTheFirstAdminWithTheGivenArtifacts()
    {
        // The first admin is made before any server ran, on the team's store: it used to ignore --artifacts and always fail there.
        var added = await Cli.RunAsync(["users", "add", "alice", "--admin", .. postgres.StoreArgs, "--json"]);
        var listed = await Cli.RunAsync(["users", "list", .. postgres.StoreArgs, "--json"]);

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Equal("alice", added.Json().GetProperty("user").GetString());
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("alice", listed.Out);
    }

    [Fact]
    public async Task Run_postgresStore_modelsListAndServerReadIt()
    {
        var run = await Cli.RunAsync(["run", RepoPaths.Get("examples", "penguins", "mlcycle.yaml"), .. postgres.StoreArgs, "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith(postgres.Artifacts, run.Json().GetProperty("packagePath").GetString());

        var list = await Cli.RunAsync(["models", "list", .. postgres.StoreArgs, "--json"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        var model = Assert.Single(list.Json().EnumerateArray());
        Assert.Equal("penguins", model.GetProperty("name").GetString());

        await using var app = await ServerApp.BuildAsync(new ServerOptions
        {
            StoreDirectory = postgres.Address, ArtifactsDirectory = postgres.Artifacts, Urls = "http://127.0.0.1:0",
        });
        await app.StartAsync();
        using var client = new HttpClient
        {
            BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()),
        };
        var response = await client.PostAsJsonAsync("/v1/models/penguins/predict", new
        {
            rows = new[] { new { island = "Torgersen", bill_length_mm = 39.1, bill_depth_mm = 18.7, flipper_length_mm = 181, body_mass_g = 3750, sex = "male", year = "2007" } },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Contains("Adelie", body);
        await app.StopAsync();
    }

    [Fact]
    public async Task Run_postgresStoreWithoutArtifacts_exitsTwoAskingForAnArtifactFolder()
    {
        var result = await Cli.RunAsync(["models", "list", "--store", postgres.Address]);

        Assert.Equal(ExitCodes.BadArguments, result.ExitCode);
        Assert.Contains("--artifacts", result.Err);
    }

    [Fact]
    public async Task AnyCommand_unreachableServer_exitsOneNamingHostAndPortWithoutPassword()
    {
        var result = await Cli.RunAsync(["runs", "list", "--store", "postgresql://ann:s3cret@127.0.0.1:1/db", "--artifacts", postgres.Artifacts]);

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Contains("127.0.0.1:1", result.Err);
        Assert.DoesNotContain("s3cret", result.Err + result.Out);
    }

    [Fact]
    public Task Processes_atOnce_shareThePostgresStoreSafely() => SharedStoreProcesses.CheckAsync(postgres.StoreArgs, runs: 3, moves: 6);
}
