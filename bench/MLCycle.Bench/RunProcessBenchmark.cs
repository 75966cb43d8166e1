namespace MLCycle.Bench;

/// <summary>
/// Times `mlcycle run` on the 40,000-row churn-like CSV as whole processes, the way a user runs it: the CLI published
/// from this repository, and any other published `mlcycle` executables named on the command line (an older commit, to
/// compare before and after). Each command runs three times, alternating, each time on a fresh store.
/// </summary>
public static class RunProcessBenchmark
{
    private const int Runs = 3;

    public static async Task MeasureAsync(string work, IReadOnlyList<string> others)
    {
        var (_, spec) = await RunBenchmark.WriteInputsAsync(work);
        var clis = new List<(string Name, PublishedCli Cli)> { ("this repository", await PublishedCli.PublishAsync(Path.Combine(work, "cli"))) };
        clis.AddRange(others.Select(path => (path, PublishedCli.At(Path.GetFullPath(path)))));

        var times = clis.ToDictionary(c => c.Name, _ => new List<double>());
        for (var run = 0; run < Runs; run++)
            foreach (var (name, cli) in clis)
            {
                var store = Path.Combine(work, $"store-{run}-{times[name].Count}-{Guid.NewGuid():N}");
                times[name].Add((await cli.TimeAsync(work, "run", spec, "--store", store)).TotalSeconds);
            }

        Console.WriteLine();
        Console.WriteLine($"## `mlcycle run` on {RunBenchmark.Rows:N0} rows x 10 columns (4 candidates x 5-fold CV), whole processes, {Runs} runs each");
        Console.WriteLine("| CLI | seconds (best) | every run | target |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, _) in clis)
            Console.WriteLine($"| {name} | {times[name].Min():0.0} | {string.Join(", ", times[name].Select(t => t.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} | <= 60 |");
    }
}
