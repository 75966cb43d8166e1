using MLCycle.Storage;
using MLCycle.Tests.Storage;

namespace MLCycle.Tests.Registry;

/// <summary>The promotions contract against a real SQLite file.</summary>
public sealed class SqlitePromotionsTests : PromotionsContract
{
    private readonly TempDirectory temp = new();

    protected override Task<MLCycleStore> OpenStoreAsync() => MLCycleStore.OpenAsync(temp.Path);

    protected override void DeleteStore() => temp.Dispose();
}
