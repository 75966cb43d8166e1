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

/// <summary>A real server on a free loopback port over a real store in a temp folder, with a small telco churn model
/// registered as "churn" versions 1 and 2 (champion = 1, challenger = 2) and a tampered copy as version 3; and copies changed after
/// registration with the hash of the original: "edited" (classes swapped in the manifest) and "corrupt" (model.zip damaged);
/// and the same data learned by the mlp network as "mlpchurn" version 1; and "oldchurn", a copy as packages were before explanations
/// (no explain.json), registered with its own hash.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "mlcycle-server-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? app;

    public string StoreDirectory => Path.Combine(folder, "store");
    public HttpClient Client { get; } = new();
    public MLCycleStore Store { get; private set; } = null!;

    /// <summary>The token of "tester", a reader of every model: listing needs a token, scoring on loopback does not.</summary>
    public string ReaderToken { get; private set; } = "";

    /// <summary>The token of "writer", an editor of every model (feedback is a write).</summary>
    public string EditorToken { get; private set; } = "";

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
        await RegisterChangedCopyAsync("edited", runId, packagePath, copy =>
        {
            var manifest = Path.Combine(copy, ModelPackage.ManifestFile);
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!;
            var classes = json["classes"]!.AsArray().Select(c => (System.Text.Json.Nodes.JsonNode)c!.GetValue<string>()).Reverse().ToArray();
            json["classes"] = new System.Text.Json.Nodes.JsonArray(classes);
            File.WriteAllText(manifest, json.ToJsonString());
        });
        await RegisterChangedCopyAsync("corrupt", runId, packagePath, copy =>
        {
            var model = Path.Combine(copy, ModelPackage.ModelFile);
            var bytes = File.ReadAllBytes(model);
            Array.Clear(bytes, bytes.Length / 3, 64);
            File.WriteAllBytes(model, bytes);
        });
        await RegisterOldPackageAsync(runId, packagePath);
        var mlpPath = await TrainAndStorePackageAsync("mlp");
        await Store.Registry.CreateModelVersionAsync("mlpchurn", mlpPath.Split('/')[0], mlpPath);

        ReaderToken = (await Store.Users.AddUserAsync("tester", admin: false, "fixture")).Token;
        await Store.Users.GrantAsync("tester", new Grant(GrantScope.Global, "", Role.Reader), "fixture");
        EditorToken = (await Store.Users.AddUserAsync("writer", admin: false, "fixture")).Token;
        await Store.Users.GrantAsync("writer", new Grant(GrantScope.Global, "", Role.Editor), "fixture");
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

    /// <summary>GET <paramref name="path"/> as the reader "tester".</summary>
    public async Task<HttpResponseMessage> GetAsReaderAsync(string path, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", ReaderToken);
        if (host is not null) request.Headers.Host = host;
        return await Client.SendAsync(request);
    }

    /// <summary>POST <paramref name="content"/> to <paramref name="path"/> as the editor "writer".</summary>
    public async Task<HttpResponseMessage> PostAsEditorAsync(string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new("Bearer", EditorToken);
        return await Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PredictAsync(string reference, object body) =>
        Client.PostAsJsonAsync($"/v1/models/{reference}/predict", body);

    private async Task<string> TrainAndStorePackageAsync(string algorithm = "lightgbm")
    {
        var data = TelcoSample.Load(1500);
        var outcome = new ModelTrainer().Train(new TrainingRequest
        {
            Data = data, Target = "churn", Task = TaskKind.Binary, Algorithms = [algorithm], Folds = 2, Seed = 1,
        });
        var run = await Store.Tracking.CreateRunAsync("server-tests", "telco");
        var local = Path.Combine(folder, "package-" + algorithm);
        var manifest = outcome.CreateManifest("churn", new DatasetProfile { Rows = data.RowCount, Columns = [] }, run.RunId);
        await ModelPackage.SaveAsync(local, outcome.Model, manifest);
        return await Store.Artifacts.PutDirectoryAsync(run.RunId, "model", local);
    }

    private async Task RegisterChangedCopyAsync(string name, string runId, string packagePath, Action<string> change)
    {
        var original = Store.Artifacts.Resolve(packagePath);
        var copy = Path.Combine(folder, name);
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(original)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var stored = await Store.Artifacts.PutDirectoryAsync(runId, $"{name}-model", copy);
        change(Store.Artifacts.Resolve(stored));
        await Store.Registry.RegisterVersionAsync(new VersionRegistration
        {
            Name = name, RunId = runId, PackagePath = stored, PackageSha256 = await ModelPackage.HashPackageAsync(original),
        });
    }

    private async Task RegisterOldPackageAsync(string runId, string packagePath)
    {
        var copy = Path.Combine(folder, "old");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Store.Artifacts.Resolve(packagePath))) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        File.Delete(Path.Combine(copy, ModelPackage.ExplanationFile));
        var manifest = Path.Combine(copy, ModelPackage.ManifestFile);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!;
        json["files"]!.AsObject().Remove(ModelPackage.ExplanationFile);
        File.WriteAllText(manifest, json.ToJsonString());
        var stored = await Store.Artifacts.PutDirectoryAsync(runId, "old-model", copy);
        await Store.Registry.RegisterVersionAsync(new VersionRegistration
        {
            Name = "oldchurn", RunId = runId, PackagePath = stored, PackageSha256 = await ModelPackage.HashPackageAsync(copy),
        });
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
