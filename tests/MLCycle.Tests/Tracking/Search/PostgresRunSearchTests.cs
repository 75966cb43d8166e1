using MLCycle.Storage;
using MLCycle.Tests.Storage;

namespace MLCycle.Tests.Tracking.Search;

/// <summary>The run search contract against a real PostgreSQL (<c>.ci/postgres.sh</c>), each test in a fresh schema.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresRunSearchTests : RunSearchContract
{
    private readonly PostgresTestStore postgres = new();

    protected override Task<MLCycleStore> OpenStoreAsync() => postgres.OpenAsync();

    protected override void DeleteStore() => postgres.Dispose();
}
