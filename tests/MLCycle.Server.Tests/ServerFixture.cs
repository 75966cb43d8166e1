using System.Net.Http.Json;
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

/// <summary>A real server on a free loopback port over a real store in a temp folder, with a small telco churn model
/// registered as "churn" versions 1 and 2 (champion = 1, challenger = 2) and a tampered copy as version 3.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "mlcycle-server-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? app;

    public string StoreDirectory => Path.Combine(folder, "store");
    public HttpClient Client { get; } = new();
    public MLCycleStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = await MLCycleStore.OpenAsync(StoreDirectory);
        var packagePath = await TrainAndStorePackageAsync();
        var runId = packagePath.Split('/')[0];
        await Store.Registry.CreateModelVersionAsync("churn", runId, packagePath);
        await Store.Registry.CreateModelVersionAsync("churn", runId, packagePath);
        await Store.Registry.SetAliasAsync("churn", "champion", 1, "fixture");
        await Store.Registry.SetAliasAsync("churn", "challenger", 2, "fixture");
        await Store.Registry.CreateModelVersionAsync("churn", runId, await TamperedCopyAsync(runId, packagePath));

        app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = StoreDirectory, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Client.BaseAddress = new Uri(address);
    }

    public async Task DisposeAsync()
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

    public Task<HttpResponseMessage> PredictAsync(string reference, object body) =>
        Client.PostAsJsonAsync($"/v1/models/{reference}/predict", body);

    private async Task<string> TrainAndStorePackageAsync()
    {
        var data = TelcoSample.Load(1500);
        var outcome = new ModelTrainer().Train(new TrainingRequest
        {
            Data = data, Target = "churn", Task = TaskKind.Binary, Algorithms = ["lightgbm"], Folds = 2, Seed = 1,
        });
        var run = await Store.Tracking.CreateRunAsync("server-tests", "telco");
        var local = Path.Combine(folder, "package");
        var manifest = outcome.CreateManifest("churn", new DatasetProfile { Rows = data.RowCount, Columns = [] }, run.RunId);
        await ModelPackage.SaveAsync(local, outcome.Model, manifest);
        return await Store.Artifacts.PutDirectoryAsync(run.RunId, "model", local);
    }

    private async Task<string> TamperedCopyAsync(string runId, string packagePath)
    {
        var copy = Path.Combine(folder, "tampered");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Store.Artifacts.Resolve(packagePath)))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        await File.AppendAllTextAsync(Path.Combine(copy, ModelPackage.ModelFile), "x");
        return await Store.Artifacts.PutDirectoryAsync(runId, "tampered-model", copy);
    }
}
