using MLCycle.Storage;
using Xunit.Abstractions;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>The attack on a server over a SQLite store in a folder of its own.</summary>
public sealed class ServerRunKillTests(ITestOutputHelper output) : ServerRunKillContract(output)
{
    protected override StoreOptions? ServerStore => null;
}
