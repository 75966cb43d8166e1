namespace MLCycle.Client.Tests;

/// <summary>The client must stay light: an app that logs a metric must not pull ML.NET, DuckDB or the store's drivers.</summary>
public sealed class ClientDependencyTests
{
    [Fact]
    public void ClientAssembly_references_onlyTheBcl()
    {
        var references = typeof(MLCycleClient).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard",
            $"MLCycle.Client references {name}; it may reference the BCL only."));
    }
}
