using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Tests.Storage;

/// <summary>Several writers, each with its own store instance (own connections, as separate processes have), writing runs,
/// metrics, versions and alias moves to one database at once; each backend inherits it.</summary>
public abstract class ConcurrentWritersContract
{
    private const string Model = "shared";

    /// <summary>How many writers run at once, and how many rounds each writes.</summary>
    protected virtual (int Writers, int Rounds) Load => (6, 8);

    /// <summary>Options that open the same, initially empty store each time they are used.</summary>
    protected abstract StoreOptions Options { get; }

    [Fact]
    public async Task Writers_atOnce_loseNothingNumberVersionsGaplesslyAndSerialiseAliasMoves()
    {
        var (writers, rounds) = Load;
        var stores = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() => MLCycleStore.OpenAsync(Options))));
        try
        {
            var registered = await Task.WhenAll(stores.Select((store, w) => Task.Run(() => WriteAsync(store, w, rounds))));

            var reader = stores[0];
            var versions = await reader.Registry.ListVersionsAsync(Model);
            Assert.Equal(Enumerable.Range(1, writers * rounds), versions.Select(v => v.Version));
            Assert.Equal(versions.Select(v => v.Version).Order(), registered.SelectMany(r => r).Order());
            var runs = await reader.Tracking.SearchRunsAsync("load", maxResults: 1000);
            Assert.Equal(writers * rounds, runs.Items.Count);
            Assert.All(runs.Items, r => Assert.Equal([0.5, 1.5, 2.5], new[] { r.Metrics["a"].Value, r.Metrics["b"].Value, r.Metrics["c"].Value }));
            Assert.All(runs.Items, r => Assert.Equal(RunStatus.Finished, r.Status));
            foreach (var run in runs.Items)
            {
                Assert.Equal(rounds, (await reader.Tracking.GetMetricHistoryAsync(run.RunId, "step")).Count);
            }

            var history = await reader.Registry.GetAliasHistoryAsync(Model);
            foreach (var alias in new[] { "champion", "staging" })
            {
                var moves = history.Where(h => h.Alias == alias).ToList();
                // Serialised moves form one chain: each records the version the previous one set.
                Assert.Null(moves[0].FromVersion);
                Assert.All(moves.Zip(moves.Skip(1)), pair => Assert.Equal(pair.First.ToVersion, pair.Second.FromVersion));
                Assert.Equal(moves[^1].ToVersion, (await reader.Registry.GetModelAsync(Model)).Aliases[alias]);
            }
            Assert.Equal(writers * rounds, history.Count(h => h.Alias == "champion"));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    private static async Task<List<int>> WriteAsync(MLCycleStore store, int writer, int rounds)
    {
        var versions = new List<int>();
        for (var round = 0; round < rounds; round++)
        {
            var run = await store.Tracking.CreateRunAsync("load", $"w{writer}r{round}");
            await store.Tracking.LogBatchAsync(run.RunId,
                metrics: [new Metric("a", 0.5), new Metric("b", 1.5), new Metric("c", 2.5)],
                parameters: [new Param("writer", writer.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            for (var step = 0; step < rounds; step++)
            {
                await store.Tracking.LogMetricAsync(run.RunId, "step", step, step);
            }
            var version = await store.Registry.RegisterVersionAsync(new VersionRegistration
            {
                Name = Model, RunId = run.RunId, PackagePath = $"{run.RunId}/model", Alias = "champion", Actor = $"writer {writer}", FinishRun = true,
            });
            await store.Registry.SetAliasAsync(Model, "staging", version.Version, $"writer {writer}");
            versions.Add(version.Version);
        }
        return versions;
    }
}
