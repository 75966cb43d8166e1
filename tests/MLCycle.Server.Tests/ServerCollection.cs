namespace MLCycle.Server.Tests;

/// <summary>The server tests share one trained model and server, and run one after another so timings are not disturbed.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
