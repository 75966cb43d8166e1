using MLCycle.Storage;
using MLCycle.Tests.Storage;

namespace MLCycle.Tests.Access;

/// <summary>The user store contract against a real SQLite file.</summary>
public sealed class SqliteUserStoreTests : UserStoreContract
{
    private readonly TempDirectory temp = new();

    protected override Task<MLCycleStore> OpenStoreAsync() => MLCycleStore.OpenAsync(temp.Path);

    protected override void DeleteStore() => temp.Dispose();
}
