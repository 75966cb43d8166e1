using MLCycle.Tests.Names;

namespace MLCycle.Cli.Tests;

/// <summary>Every command that takes a model, alias or experiment name refuses the shared list of bad names with exit code 2.</summary>
public sealed class BadNameTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-names-").FullName;

    [Theory]
    [MemberData(nameof(BadNames.Data), MemberType = typeof(BadNames))]
    public async Task EveryNamingCommand_badName_exitsTwoWithoutTheRawName(string name)
    {
        var store = Path.Combine(_dir, "store");
        // A real store, so a name that slipped past the command would reach the registry rather than fail on a missing store.
        await (await MLCycle.Storage.MLCycleStore.OpenAsync(store)).DisposeAsync();
        var commands = new[]
        {
            new[] { "models", "show", name },
            ["models", "promote", name, "1"],
            ["models", "promote", "churn", "1", "--alias", name],
            ["predict", "--model", name, "--input", "in.csv", "--output", "out.csv"],
            ["monitor", "--model", $"churn@{name}", "--logged"],
            ["runs", "list", "--experiment", name],
            ["users", "add", name],
            ["users", "grant", name, "--role", "reader"],
            ["users", "grant", "bob", "--model", name, "--role", "reader"],
            ["users", "grant", "bob", "--experiment", name, "--role", "reader"],
            ["users", "revoke", name],
        };
        var wrong = new List<string>();
        foreach (var command in commands)
        {
            var result = await Cli.RunAsync([.. command, "--store", store]);
            if (result.ExitCode != 2 || (name.Any(NameRules.IsHidden) && result.Err.Contains(name, StringComparison.Ordinal)))
                wrong.Add($"{string.Join(' ', command)} -> {result}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
