using MLCycle.Storage;

namespace MLCycle.Tests.Storage;

/// <summary>The prediction log contract against a real PostgreSQL (<c>.ci/postgres.sh</c>), each test in a fresh schema.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresPredictionLogTests : PredictionLogContract
{
    private readonly PostgresTestStore postgres = new();

    protected override Task<MLCycleStore> OpenStoreAsync() => postgres.OpenAsync();

    protected override void DeleteStore() => postgres.Dispose();
}
