using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Training;

namespace MLCycle.Server.Tests;

/// <summary>A model trained with sentinels, category normalisation and clipping, served over real HTTP.</summary>
[Collection(ServerCollection.Name)]
public sealed class TreatedServerTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlcycle-server-treated", Guid.NewGuid().ToString("N"));
    private readonly HttpClient _client = new();
    private WebApplication? _app;
    private MLCycleStore? _store;
    private double _high;

    public async Task InitializeAsync()
    {
        var store = Path.Combine(_folder, "store");
        _store = await MLCycleStore.OpenAsync(store);
        var data = TelcoSample.Load(1500);
        var outcome = new ModelTrainer().Train(new TrainingRequest
        {
            Data = data, Target = "churn", Task = TaskKind.Binary, Algorithms = ["linear"], Folds = 2, Seed = 1,
            Prepare = new PreparationOptions
            {
                Treatments = new TreatmentOptions
                {
                    Sentinels = new Dictionary<string, IReadOnlyList<string>> { ["tenure"] = ["0"] },
                    Categories = new CategoryOptions(),
                    Outliers = new Dictionary<string, OutlierRule> { ["monthly_charges"] = new() { Percentiles = new PercentileRange(5, 95) } },
                },
            },
        });
        _high = outcome.Treatments.ForNumeric("monthly_charges")!.High!.Value;
        var run = await _store.Tracking.CreateRunAsync("server-treated", "telco");
        var local = Path.Combine(_folder, "package");
        await ModelPackage.SaveAsync(local, outcome.Model, outcome.CreateManifest("treated", new DatasetProfile { Rows = data.RowCount, Columns = [] }, run.RunId));
        var packagePath = await _store.Artifacts.PutDirectoryAsync(run.RunId, "model", local);
        await _store.Registry.CreateModelVersionAsync("treated", run.RunId, packagePath);

        _app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = store, Urls = "http://127.0.0.1:0" });
        await _app.StartAsync();
        _client.BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_store is not null) await _store.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Litter in the temp folder must not fail the run.
        }
    }

    private static object Customer(double? tenure, double charges, string contract, string internet) =>
        new { tenure, monthly_charges = charges, contract, internet_service = internet };

    private async Task<double[]> YesProbabilitiesAsync(params object[] rows)
    {
        var response = await _client.PostAsJsonAsync("/v1/models/treated/predict", new { rows });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("probabilities").GetProperty("Yes").GetDouble()).ToArray();
    }

    [Fact]
    public async Task Predict_applies_the_treatments_saved_in_the_model()
    {
        var p = await YesProbabilitiesAsync(
            Customer(12, _high, "Month-to-month", "Fiber optic"),
            Customer(12, 10_000, "  MONTH-TO-MONTH ", "fiber optic"),
            Customer(null, 50, "Two year", "DSL"),
            Customer(0, 50, "two year", "dsl "),
            Customer(12, _high - 30, "Month-to-month", "Fiber optic"));

        Assert.Equal(p[0], p[1]);
        Assert.Equal(p[2], p[3]);
        Assert.NotEqual(p[0], p[4]);
    }
}
