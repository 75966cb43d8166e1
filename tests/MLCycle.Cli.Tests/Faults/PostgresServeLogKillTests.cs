using MLCycle.Storage;
using Xunit.Abstractions;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>The attack on a server logging to PostgreSQL through binary COPY: a fresh schema of the server <c>.ci/postgres.sh</c> started.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresServeLogKillTests(ITestOutputHelper output) : ServeLogKillContract(output)
{
    private readonly PostgresSchema postgres = new();

    protected override string[] StoreArgs => postgres.StoreArgs;

    protected override Task<MLCycleStore> OpenStoreAsync() =>
        MLCycleStore.OpenAsync(new StoreOptions { Address = postgres.Address, ArtifactsDirectory = postgres.Artifacts });

    public override void Dispose()
    {
        postgres.Dispose();
        base.Dispose();
    }
}
