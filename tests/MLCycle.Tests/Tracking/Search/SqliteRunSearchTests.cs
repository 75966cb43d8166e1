using MLCycle.Storage;
using MLCycle.Tests.Storage;

namespace MLCycle.Tests.Tracking.Search;

/// <summary>The run search contract against a real SQLite file.</summary>
public sealed class SqliteRunSearchTests : RunSearchContract
{
    private readonly TempDirectory temp = new();

    protected override Task<MLCycleStore> OpenStoreAsync() => MLCycleStore.OpenAsync(temp.Path);

    protected override void DeleteStore() => temp.Dispose();
}
