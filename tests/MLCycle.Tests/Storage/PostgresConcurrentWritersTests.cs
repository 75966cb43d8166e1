using MLCycle.Storage;

namespace MLCycle.Tests.Storage;

/// <summary>Concurrent writers against one schema of the real PostgreSQL of <c>.ci/postgres.sh</c>.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresConcurrentWritersTests : ConcurrentWritersContract, IDisposable
{
    private readonly PostgresTestStore postgres = new();

    protected override (int Writers, int Rounds) Load => (8, 10);

    protected override StoreOptions Options => postgres.Options;

    public void Dispose() => postgres.Dispose();
}
