using MLCycle.Storage;
using Xunit.Abstractions;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>The attack on a PostgreSQL store: a fresh schema of the server <c>.ci/postgres.sh</c> started, artifacts in a folder.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresAgentKillTests(ITestOutputHelper output) : AgentKillContract(output)
{
    private readonly PostgresSchema postgres = new();

    protected override StoreOptions Store(string folder) => new() { Address = postgres.Address, ArtifactsDirectory = postgres.Artifacts };

    public override void Dispose()
    {
        postgres.Dispose();
        base.Dispose();
    }
}
