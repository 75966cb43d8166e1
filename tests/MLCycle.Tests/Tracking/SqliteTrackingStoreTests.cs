using MLCycle.Storage;
using MLCycle.Tests.Storage;

namespace MLCycle.Tests.Tracking;

/// <summary>The tracking contract against a real SQLite file.</summary>
public sealed class SqliteTrackingStoreTests : TrackingStoreContract
{
    private readonly TempDirectory temp = new();

    protected override Task<MLCycleStore> OpenStoreAsync() => MLCycleStore.OpenAsync(temp.Path);

    protected override void DeleteStore() => temp.Dispose();
}
