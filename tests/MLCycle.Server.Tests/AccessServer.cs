using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Access;
using MLCycle.Storage;

namespace MLCycle.Server.Tests;

/// <summary>A real server on a free loopback port over an empty store with one user per role: "reader", "editor" and "approver"
/// on model "churn" and experiment "churn-exp", "outsider" (reader on model "fraud" only) and "admin". No model is trained:
/// these tests are about who gets in, not about scoring.</summary>
public sealed class AccessServer : IAsyncDisposable
{

    private AccessServer(WebApplication app, MLCycleStore store, Dictionary<string, string> tokens, Uri address)
    {
        App = app;
        Store = store;
        Tokens = tokens;
        // Redirects are not followed: a dashboard page answers a caller without a session with a redirect to /login.
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
    }

    public WebApplication App { get; }
    public MLCycleStore Store { get; }
    public HttpClient Client { get; }

    /// <summary>Each user's token, by user name.</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; }

    /// <summary>Starts the server; <paramref name="map"/> may add routes before it starts; <paramref name="runLease"/> shortens the
    /// lease of API runs (ADR 0055) for tests that wait for one to lapse.</summary>
    public static async Task<AccessServer> StartAsync(bool? requireToken = null, Action<WebApplication>? map = null, TimeSpan? runLease = null,
        StoreOptions? storeOptions = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlcycle-server-tests", Guid.NewGuid().ToString("N"));
        // A SQLite store in a fresh folder, unless the test names another store (a PostgreSQL schema of its own).
        var options = storeOptions ?? new StoreOptions { Address = folder };
        var store = await MLCycleStore.OpenAsync(options);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["admin"] = (await store.Users.AddUserAsync("admin", admin: true, "fixture")).Token,
        };
        foreach (var role in new[] { Role.Reader, Role.Editor, Role.Approver })
        {
            var name = Roles.Name(role);
            tokens[name] = (await store.Users.AddUserAsync(name, admin: false, "fixture")).Token;
            await store.Users.GrantAsync(name, new Grant(GrantScope.Model, "churn", role), "fixture");
            await store.Users.GrantAsync(name, new Grant(GrantScope.Experiment, "churn-exp", role), "fixture");
        }
        tokens["outsider"] = (await store.Users.AddUserAsync("outsider", admin: false, "fixture")).Token;
        await store.Users.GrantAsync("outsider", new Grant(GrantScope.Model, "fraud", Role.Reader), "fixture");

        var app = await ServerApp.BuildAsync(new ServerOptions
        {
            StoreDirectory = options.Address, ArtifactsDirectory = options.ArtifactsDirectory, Urls = "http://127.0.0.1:0", RequireToken = requireToken,
            RunLease = runLease ?? ServerOptions.DefaultRunLease,
        });
        map?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new AccessServer(app, store, tokens, new Uri(address)) { Folder = folder };
    }

    /// <summary>The store's folder, for a local command on the same store.</summary>
    public string Folder { get; private init; } = "";

    /// <summary>Sends <paramref name="request"/> as <paramref name="user"/>, or with no token for "anonymous".</summary>
    public Task<HttpResponseMessage> SendAsAsync(string user, HttpRequestMessage request)
    {
        if (user != "anonymous") request.Headers.Authorization = new("Bearer", Tokens[user]);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Litter in the temp folder must not fail the run.
        }
    }
}
