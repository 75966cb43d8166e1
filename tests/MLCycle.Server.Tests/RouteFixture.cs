using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Training;

namespace MLCycle.Server.Tests;

/// <summary>A store of its own for the route tests (they register models, which the shared fixture's listing tests must not see): the
/// telco churn data learned once by lightgbm and once by the mlp network, so the two versions' predictions differ, and a tampered copy.
/// Each test registers its own model from these packages and starts its own server with a seeded canary draw.</summary>
public sealed class RouteFixture : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "mlcycle-route-tests", Guid.NewGuid().ToString("N"));
    private (string RunId, string Path) trees;
    private (string RunId, string Path) network;
    private string tampered = "";

    public string StoreDirectory => Path.Combine(folder, "store");
    public MLCycleStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = await MLCycleStore.OpenAsync(StoreDirectory);
        trees = await TrainAsync("lightgbm");
        network = await TrainAsync("mlp");
        var copy = Path.Combine(folder, "tampered");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Store.Artifacts.Resolve(trees.Path))) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        await File.AppendAllTextAsync(Path.Combine(copy, ModelPackage.ModelFile), "x");
        tampered = await Store.Artifacts.PutDirectoryAsync(trees.RunId, "tampered-model", copy);
    }

    /// <summary>Registers <paramref name="name"/>: v1 lightgbm (champion), v2 mlp (challenger), v3 a tampered package.</summary>
    public async Task RegisterAsync(string name)
    {
        await Store.Registry.CreateModelVersionAsync(name, trees.RunId, trees.Path);
        await Store.Registry.CreateModelVersionAsync(name, network.RunId, network.Path);
        await Store.Registry.CreateModelVersionAsync(name, trees.RunId, tampered);
        await Store.Registry.SetAliasAsync(name, "champion", 1, "tests");
        await Store.Registry.SetAliasAsync(name, "challenger", 2, "tests");
    }

    /// <summary>A server over this store whose canary draw is seeded, so its counts repeat run after run.</summary>
    public async Task<RunningServer> StartServerAsync(int seed)
    {
        var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = StoreDirectory, Urls = "http://127.0.0.1:0", RouteSeed = seed });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new RunningServer(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    public async Task DisposeAsync()
    {
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

    private async Task<(string RunId, string Path)> TrainAsync(string algorithm)
    {
        var data = TelcoSample.Load(1500);
        var outcome = new ModelTrainer().Train(new TrainingRequest
        {
            Data = data, Target = "churn", Task = TaskKind.Binary, Algorithms = [algorithm], Folds = 2, Seed = 1,
        });
        var run = await Store.Tracking.CreateRunAsync("route-tests", algorithm);
        var local = Path.Combine(folder, "package-" + algorithm);
        await ModelPackage.SaveAsync(local, outcome.Model, outcome.CreateManifest("churn", new DatasetProfile { Rows = data.RowCount, Columns = [] }, run.RunId));
        return (run.RunId, await Store.Artifacts.PutDirectoryAsync(run.RunId, "model", local));
    }

    /// <summary>A started server and a client for it; disposing stops it (flushing its prediction log).</summary>
    public sealed class RunningServer(WebApplication app, HttpClient client) : IAsyncDisposable
    {
        public HttpClient Client { get; } = client;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
