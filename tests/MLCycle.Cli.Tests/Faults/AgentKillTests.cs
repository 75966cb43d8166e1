using MLCycle.Storage;
using Xunit.Abstractions;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>The attack on a SQLite store (a folder).</summary>
public sealed class AgentKillTests(ITestOutputHelper output) : AgentKillContract(output)
{
    protected override StoreOptions Store(string folder) => new() { Address = Path.Combine(folder, "store") };
}
