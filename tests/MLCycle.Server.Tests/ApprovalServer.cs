using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Access;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Training;

namespace MLCycle.Server.Tests;

/// <summary>A real server on loopback over its own store: a small telco model registered as "churn" versions 1 and 2 (champion = 1,
/// set before any user existed), and on the team store that follows, "alice" (editor and approver), "bob" and "carol" (approvers),
/// "reader" and "dana" (admin) on churn. Champion is protected by default there, so it moves only through approvals.</summary>
public sealed class ApprovalServer : IAsyncDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "mlcycle-server-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> tokens = new(StringComparer.Ordinal);
    private WebApplication? app;

    public MLCycleStore Store { get; private set; } = null!;
    public HttpClient Client { get; } = new();

    public static async Task<ApprovalServer> StartAsync()
    {
        var server = new ApprovalServer();
        await server.InitializeAsync();
        return server;
    }

    private async Task InitializeAsync()
    {
        var store = Path.Combine(folder, "store");
        Store = await MLCycleStore.OpenAsync(store);
        var data = TelcoSample.Load(600);
        var outcome = new ModelTrainer().Train(new TrainingRequest
        {
            Data = data, Target = "churn", Task = TaskKind.Binary, Algorithms = ["lightgbm"], Folds = 2, Seed = 1,
        });
        var run = await Store.Tracking.CreateRunAsync("approval-tests", "telco");
        var local = Path.Combine(folder, "package");
        await ModelPackage.SaveAsync(local, outcome.Model, outcome.CreateManifest("churn", new DatasetProfile { Rows = data.RowCount, Columns = [] }, run.RunId));
        var packagePath = await Store.Artifacts.PutDirectoryAsync(run.RunId, "model", local);
        await Store.Registry.CreateModelVersionAsync("churn", run.RunId, packagePath);
        await Store.Registry.CreateModelVersionAsync("churn", run.RunId, packagePath);
        await Store.Registry.SetAliasAsync("churn", "champion", 1, "fixture");
        foreach (var (name, role) in new[] { ("alice", Role.Approver), ("bob", Role.Approver), ("carol", Role.Approver), ("reader", Role.Reader), ("dana", Role.Admin) })
        {
            tokens[name] = (await Store.Users.AddUserAsync(name, admin: false, "fixture")).Token;
            await Store.Users.GrantAsync(name, new Grant(GrantScope.Model, "churn", role), "fixture");
        }
        app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = store, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        Client.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }

    /// <summary>The API token of <paramref name="user"/>.</summary>
    public string TokenOf(string user) => tokens[user];

    /// <summary>Sends a request as <paramref name="user"/> with <paramref name="body"/> as JSON (none when null).</summary>
    public Task<HttpResponseMessage> SendAsync(string user, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        request.Headers.Authorization = new("Bearer", tokens[user]);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Litter in the temp folder must not fail the run.
        }
    }
}
