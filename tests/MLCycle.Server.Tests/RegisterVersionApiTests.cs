using System.Net;
using System.Text;
using System.Text.Json;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Training;

namespace MLCycle.Server.Tests;

/// <summary>POST /api/v1/models/{name}/versions: a run's uploaded package becomes a version only after the server has checked it as
/// serving does; the registry row keeps the whole-package hash; refusals are problems naming what is wrong, never a 500.</summary>
public sealed class RegisterVersionApiTests : IAsyncLifetime
{
    private readonly string package = Path.Combine(Path.GetTempPath(), "mlcycle-register-tests", Guid.NewGuid().ToString("N"));
    private AccessServer server = null!;

    public async Task InitializeAsync()
    {
        server = await AccessServer.StartAsync();
        var data = TelcoSample.Load(400);
        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = data, Target = "churn", Task = TaskKind.Binary, Algorithms = ["linear"], Folds = 2, Seed = 1 });
        await ModelPackage.SaveAsync(package, outcome.Model, outcome.CreateManifest("churn", new DatasetProfile { Rows = data.RowCount, Columns = [] }, "outside"));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(package, recursive: true);
    }

    [Fact]
    public async Task RegisterVersion_uploadedPackage_registersWithItsHashFinishesTheRunAndMovesNoAlias()
    {
        var runId = await UploadRunAsync("editor", package);

        var (status, body) = await RegisterAsync("editor", "churn", $"{{\"runId\": \"{runId}\", \"version\": 1}}");
        var (againStatus, again) = await RegisterAsync("editor", "churn", $"{{\"runId\": \"{runId}\"}}");

        Assert.True(status == HttpStatusCode.Created, body);
        using var version = JsonDocument.Parse(body);
        Assert.Equal((1, runId), (version.RootElement.GetProperty("version").GetInt32(), version.RootElement.GetProperty("runId").GetString()));
        var stored = await server.Store.Registry.GetVersionAsync("churn", 1);
        Assert.Equal(await ModelPackage.HashPackageAsync(package), stored.PackageSha256);
        Assert.Equal(stored.PackageSha256, version.RootElement.GetProperty("packageSha256").GetString());
        Assert.Equal(MLCycle.Tracking.RunStatus.Finished, (await server.Store.Tracking.GetRunAsync(runId)).Status);
        Assert.Empty((await server.Store.Registry.GetModelAsync("churn")).Aliases);
        Assert.Equal(HttpStatusCode.Conflict, againStatus);
        Assert.Contains($"Run {runId} already registered model 'churn' version 1", again);
        Assert.Single(await server.Store.Registry.ListVersionsAsync("churn"));
    }

    [Fact]
    public async Task RegisterVersion_tamperedOrMissingPackage_is422NamingTheFileAndRegistersNothing()
    {
        var tampered = Path.Combine(package, "..", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(tampered);
        foreach (var file in Directory.GetFiles(package)) File.Copy(file, Path.Combine(tampered, Path.GetFileName(file)));
        var bytes = File.ReadAllBytes(Path.Combine(tampered, ModelPackage.ModelFile));
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(tampered, ModelPackage.ModelFile), bytes);
        var tamperedRun = await UploadRunAsync("editor", tampered);
        var emptyRun = await StartRunAsync("editor");

        var (changedStatus, changed) = await RegisterAsync("editor", "churn", $"{{\"runId\": \"{tamperedRun}\"}}");
        var (missingStatus, missing) = await RegisterAsync("editor", "churn", $"{{\"runId\": \"{emptyRun}\"}}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, changedStatus);
        Assert.Contains($"'{ModelPackage.ModelFile}' has SHA-256", changed);
        Assert.DoesNotContain(server.Folder, changed);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missingStatus);
        Assert.Contains("model/manifest.json", missing);
        await Assert.ThrowsAsync<NotFoundException>(() => server.Store.Registry.GetModelAsync("churn"));
        Directory.Delete(tampered, recursive: true);
    }

    [Fact]
    public async Task RegisterVersion_unknownRunReaderOrBadBody_is404_403_400()
    {
        var runId = await UploadRunAsync("editor", package);

        var (unknown, _) = await RegisterAsync("editor", "churn", "{\"runId\": \"0123456789abcdef0123456789abcdef\"}");
        var (byReader, _) = await RegisterAsync("reader", "churn", $"{{\"runId\": \"{runId}\"}}");
        var (badBody, why) = await RegisterAsync("editor", "churn", "{\"version\": 1}");

        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal(HttpStatusCode.Forbidden, byReader);
        Assert.Equal(HttpStatusCode.BadRequest, badBody);
        Assert.Contains("runId", why);
        await Assert.ThrowsAsync<NotFoundException>(() => server.Store.Registry.GetModelAsync("churn"));
    }

    private async Task<(HttpStatusCode Status, string Body)> RegisterAsync(string user, string model, string json)
    {
        using var response = await server.SendAsAsync(user, new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{model}/versions")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> StartRunAsync(string user)
    {
        using var response = await server.SendAsAsync(user, new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs")
        {
            Content = new StringContent("{\"experiment\": \"churn-exp\", \"name\": \"trained elsewhere\"}", Encoding.UTF8, "application/json"),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("run_id").GetString()!;
    }

    private async Task<string> UploadRunAsync(string user, string folder)
    {
        var runId = await StartRunAsync(user);
        foreach (var file in Directory.GetFiles(folder))
        {
            using var upload = await server.SendAsAsync(user, new HttpRequestMessage(HttpMethod.Put, $"/api/v1/runs/{runId}/artifacts/upload?path=model/{Path.GetFileName(file)}")
            {
                Content = new ByteArrayContent(await File.ReadAllBytesAsync(file)),
            });
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        return runId;
    }
}
