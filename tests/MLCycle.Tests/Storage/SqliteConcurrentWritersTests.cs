using MLCycle.Storage;

namespace MLCycle.Tests.Storage;

/// <summary>Concurrent writers on one SQLite file, each through its own store instance and connection pool.</summary>
public sealed class SqliteConcurrentWritersTests : ConcurrentWritersContract, IDisposable
{
    private readonly TempDirectory temp = new();

    protected override (int Writers, int Rounds) Load => (2, 10);

    protected override StoreOptions Options => new() { Address = temp.Path };

    public void Dispose() => temp.Dispose();
}
