using MLCycle.Storage;

namespace MLCycle.Tests.Storage;

/// <summary>The prediction log contract against a real SQLite file.</summary>
public sealed class SqlitePredictionLogTests : PredictionLogContract
{
    private readonly TempDirectory temp = new();

    protected override Task<MLCycleStore> OpenStoreAsync() => MLCycleStore.OpenAsync(temp.Path);

    protected override void DeleteStore() => temp.Dispose();
}
