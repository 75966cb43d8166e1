using MLCycle.Pipelines;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Tests.Storage;
using MLCycle.Tracking;
using MLCycle.Validation;

namespace MLCycle.Tests.Names;

/// <summary>Every library entry point that takes a user's name refuses the same bad names, with a message that shows them escaped.</summary>
public sealed class NameRulesTests
{
    [Theory]
    [MemberData(nameof(BadNames.Data), MemberType = typeof(BadNames))]
    public async Task EveryEntryPoint_badName_isRefusedAsBadInput(string name)
    {
        using var temp = new TempDirectory();
        await using var store = await MLCycleStore.OpenAsync(System.IO.Path.Combine(temp.Path, "store"));
        var run = await store.Tracking.CreateRunAsync("good");
        await store.Registry.CreateModelVersionAsync("churn", run.RunId, $"{run.RunId}/model");
        var csv = System.IO.Path.Combine(temp.Path, "data.csv");
        await File.WriteAllTextAsync(csv, "x,label\n1,a\n2,b\n3,a\n");
        var specPath = System.IO.Path.Combine(temp.Path, "mlcycle.yaml");
        var quoted = BadNames.Yaml(name);
        string Spec(string data, string extra = "") => $"name: churn\ndata:\n  path: data.csv\n  target: label\n{data}{extra}";

        var entryPoints = new (string Where, Func<Task> Call)[]
        {
            ("ModelReference.Parse name", () => Sync(() => ModelReference.Parse(name))),
            ("ModelReference.Parse alias", () => Sync(() => ModelReference.Parse($"churn@{name}"))),
            ("ModelReference.ForAlias", () => Sync(() => ModelReference.ForAlias("churn", name))),
            ("registry model name", () => store.Registry.CreateModelVersionAsync(name, run.RunId, $"{run.RunId}/model")),
            ("registry alias", () => store.Registry.SetAliasAsync("churn", name, 1, "tester")),
            ("tracking experiment", () => store.Tracking.CreateRunAsync(name)),
            ("tracking search", () => store.Tracking.SearchRunsAsync(name)),
            ("tracking param key", () => store.Tracking.LogBatchAsync(run.RunId, parameters: [new Param(name, "1")])),
            ("spec name", () => Sync(() => SpecLoader.Parse($"name: {quoted}\ndata:\n  path: data.csv\n  target: label\n", specPath))),
            ("spec target", () => Sync(() => SpecLoader.Parse($"name: churn\ndata:\n  path: data.csv\n  target: {quoted}\n", specPath))),
            ("spec sensitive", () => Sync(() => SpecLoader.Parse(Spec($"  sensitive: [{quoted}]\n"), specPath))),
            ("spec ignore", () => Sync(() => SpecLoader.Parse(Spec($"  ignore: [{quoted}]\n"), specPath))),
            ("spec types", () => Sync(() => SpecLoader.Parse(Spec($"  types: {{ {quoted}: numeric }}\n"), specPath))),
            ("spec outliers", () => Sync(() => SpecLoader.Parse(Spec("", $"prepare:\n  outliers: {{ {quoted}: clip }}\n"), specPath))),
            ("spec sentinels", () => Sync(() => SpecLoader.Parse(Spec("", $"prepare:\n  sentinels: {{ {quoted}: [0] }}\n"), specPath))),
            ("suite column", () => Sync(() => ExpectationSuiteLoader.Parse($"columns:\n  {quoted}: {{ not_null: true }}\n", specPath))),
            ("profile target", () => new DatasetProfiler().ProfileAsync(csv, null, new ProfileOptions { Target = name })),
            ("profile sensitive", () => new DatasetProfiler().ProfileAsync(csv, null, new ProfileOptions { Sensitive = [name] })),
        };

        var accepted = new List<string>();
        foreach (var (where, call) in entryPoints)
        {
            try
            {
                await call();
                accepted.Add($"{where}: accepted");
            }
            catch (MLCycleException e) when (e.Kind == ErrorKind.BadSpec)
            {
                if (name.Any(NameRules.IsHidden) && e.Message.Contains(name, StringComparison.Ordinal))
                    accepted.Add($"{where}: message carries the raw control characters: {e.Message}");
            }
            catch (Exception e)
            {
                accepted.Add($"{where}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(accepted.Count == 0, string.Join("\n", accepted));
        Assert.Equal(["churn"], (await store.Registry.ListModelsAsync()).Select(m => m.Name));
    }

    [Theory]
    [InlineData("churn")]
    [InlineData("churn.v2_final-1")]
    public void ModelName_goodName_isReturned(string name) => Assert.Equal(name, NameRules.ModelName(name));

    [Fact]
    public void ColumnName_spacesInside_areAllowed() => Assert.Equal("monthly charges", NameRules.ColumnName("monthly charges", "data.target"));

    [Fact]
    public void Show_controlCharacters_areEscaped() => Assert.Equal(@"churn\u000a", NameRules.Show("churn\n"));

    [Fact]
    public void Show_rightToLeftOverride_isEscaped() => Assert.Equal(@"churn\u202eNSON", NameRules.Show("churn\u202eNSON"));

    [Fact]
    public void Show_veryLongName_isCutWithItsLength()
    {
        var shown = NameRules.Show(new string('n', 5000));

        Assert.Equal(new string('n', NameRules.MaxShownLength) + "... (5000 characters)", shown);
    }

    private static Task Sync(Action call)
    {
        call();
        return Task.CompletedTask;
    }
}
