using System.Globalization;
using MLCycle.Monitoring;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Tests.Serving;
using MLCycle.Tests.Storage;
using MLCycle.Tracking;

namespace MLCycle.Tests.Monitoring;

/// <summary>`monitor` takes its PSI threshold from the model's manifest, not from the run that trained it.</summary>
public sealed class DriftCheckTests(PackagedModelFixture fixture) : IClassFixture<PackagedModelFixture>, IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task CheckFileAsync_threshold_is_the_manifests_even_when_the_run_param_says_otherwise()
    {
        await using var store = await MLCycleStore.OpenAsync(temp.Path);
        await RegisterAsync(store, "watched", new ModelMonitoring { Psi = 0.05 }, runPsi: "0.9");

        var report = await Check(store).CheckFileAsync("watched", WriteData());

        Assert.Equal(0.05, report.Drift.PsiThreshold);
    }

    [Fact]
    public async Task CheckFileAsync_package_without_monitoring_settings_uses_the_default()
    {
        await using var store = await MLCycleStore.OpenAsync(temp.Path);
        await RegisterAsync(store, "old", monitoring: null, runPsi: "0.9");

        var report = await Check(store).CheckFileAsync("old", WriteData());

        Assert.Equal(0.2, report.Drift.PsiThreshold);
    }

    [Fact]
    public async Task CheckFileAsync_caller_threshold_overrides_the_manifest()
    {
        await using var store = await MLCycleStore.OpenAsync(temp.Path);
        await RegisterAsync(store, "override", new ModelMonitoring { Psi = 0.05 }, runPsi: null);

        var report = await Check(store).CheckFileAsync("override", WriteData(), psi: 0.3);

        Assert.Equal(0.3, report.Drift.PsiThreshold);
    }

    public void Dispose() => temp.Dispose();

    private static DriftCheck Check(MLCycleStore store) => new(store.Registry, store.Predictions, store.Artifacts);

    private async Task RegisterAsync(MLCycleStore store, string name, ModelMonitoring? monitoring, string? runPsi)
    {
        var run = await store.Tracking.CreateRunAsync("monitoring", name);
        if (runPsi is not null) await store.Tracking.LogParamAsync(run.RunId, "monitor.psi", runPsi);
        var outcome = fixture.Regression.Outcome;
        // A null Monitoring is what a package written before the manifest carried it looks like.
        var manifest = outcome.CreateManifest(name, new DatasetProfile { Rows = 300, Columns = [] }, run.RunId) with { Monitoring = monitoring };
        var local = Path.Combine(temp.Path, "package-" + name);
        await ModelPackage.SaveAsync(local, outcome.Model, manifest);
        var packagePath = await store.Artifacts.PutDirectoryAsync(run.RunId, "model", local);
        await store.Registry.CreateModelVersionAsync(name, run.RunId, packagePath);
    }

    private string WriteData()
    {
        var path = Path.Combine(temp.Path, "current.csv");
        var rows = Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 10 + 0.5},{(i % 3 == 0 ? "red" : "blue")},{i % 2}"));
        File.WriteAllLines(path, ["x,color,flag", .. rows]);
        return path;
    }
}
