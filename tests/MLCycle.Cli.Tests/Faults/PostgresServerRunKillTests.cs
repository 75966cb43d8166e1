using MLCycle.Storage;
using Xunit.Abstractions;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>The attack on a server over PostgreSQL: a fresh schema of the server <c>.ci/postgres.sh</c> started, artifacts in a folder.
/// The whole matrix, as on SQLite: what the kills attack (the publishing steps, the registry's transaction, the clean-up of dead
/// clients' runs by the next run) goes through the store, so each kill is as much a test of PostgreSQL as of SQLite.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresServerRunKillTests(ITestOutputHelper output) : ServerRunKillContract(output)
{
    private readonly PostgresSchema postgres = new();

    protected override StoreOptions? ServerStore => new() { Address = postgres.Address, ArtifactsDirectory = postgres.Artifacts };

    public override void Dispose()
    {
        postgres.Dispose();
        base.Dispose();
    }
}
