using MLCycle.Storage;
using MLCycle.Tests.Storage;

namespace MLCycle.Tests.Registry;

/// <summary>The promotions contract against a real PostgreSQL (<c>.ci/postgres.sh</c>), each test in a fresh schema.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresPromotionsTests : PromotionsContract
{
    private readonly PostgresTestStore postgres = new();

    protected override Task<MLCycleStore> OpenStoreAsync() => postgres.OpenAsync();

    protected override void DeleteStore() => postgres.Dispose();
}
