using System.Text.Json;

namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle algorithms`: the catalog as a table and as JSON, filtered by task.</summary>
public class AlgorithmsCommandTests
{
    [Fact]
    public async Task Algorithms_table_lists_every_name_with_its_tasks_and_tuned_hyperparameters()
    {
        var result = await Cli.RunAsync("algorithms");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var name in new[] { "lightgbm", "fasttree", "fastforest", "gam", "sdca (alias linear)", "lbfgs", "poisson", "averaged_perceptron", "linear_svm", "mlp", "baseline" })
            Assert.Contains(name, result.Out);
        var gam = result.Out.Split('\n').First(l => l.Contains("│ gam "));
        Assert.Contains("binary, regression", gam);
        Assert.Contains("number_of_iterations 1000 [100, 10000] integer, log", result.Out);
        Assert.Contains("l2_regularization auto [1E-06, 1] log", result.Out);
    }

    [Fact]
    public async Task Algorithms_json_for_multiclass_holds_only_algorithms_that_train_it()
    {
        var result = await Cli.RunAsync("algorithms", "--task", "multiclass", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var algorithms = result.Json().EnumerateArray().ToList();
        Assert.Equal(["lightgbm", "fasttree", "fastforest", "sdca", "lbfgs", "mlp", "baseline"], algorithms.Select(a => a.GetProperty("name").GetString()));
        Assert.All(algorithms, a => Assert.Contains("multiclass", a.GetProperty("tasks").EnumerateArray().Select(t => t.GetString())));
        var lightgbm = algorithms[0].GetProperty("hyperparameters").EnumerateArray().ToList();
        var rate = lightgbm.Single(h => h.GetProperty("name").GetString() == "learning_rate");
        Assert.Equal(0.1, rate.GetProperty("default").GetDouble());
        Assert.Equal(0.005, rate.GetProperty("minimum").GetDouble());
        Assert.True(rate.GetProperty("logScale").GetBoolean());
        var leaf = lightgbm.Single(h => h.GetProperty("name").GetString() == "minimum_example_count_per_leaf");
        Assert.Equal(JsonValueKind.Null, leaf.GetProperty("default").ValueKind);
        Assert.Equal(["linear"], algorithms[3].GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Algorithms_unknown_task_is_a_bad_argument_listing_the_tasks()
    {
        var result = await Cli.RunAsync("algorithms", "--task", "ranking");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'ranking'", result.Err);
        Assert.Contains("regression", result.Err);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Run_spec_asking_gam_for_multiclass_exits_two_naming_the_supported_tasks()
    {
        var dir = Directory.CreateTempSubdirectory("mlcycle-algorithms-").FullName;
        try
        {
            File.Copy(RepoPaths.Get("examples", "penguins", "penguins.csv"), Path.Combine(dir, "penguins.csv"));
            var spec = Path.Combine(dir, "mlcycle.yaml");
            await File.WriteAllTextAsync(spec, "name: penguins\ndata:\n  path: penguins.csv\n  target: species\n  task: multiclass\ntrain:\n  algorithms: [lightgbm, gam]\n  cv: 2\n");

            var result = await Cli.RunAsync("run", spec, "--store", Path.Combine(dir, "store"));

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("Algorithm 'gam' does not support multiclass; it supports binary, regression.", result.Err);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
