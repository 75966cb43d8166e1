using MLCycle.Bench;

// Usage: dotnet run -c Release --project bench/MLCycle.Bench -- [run|serve|batch|all|profile]
var which = args.Length > 0 ? args[0] : "all";
var work = Directory.CreateTempSubdirectory("mlcycle-bench-").FullName;
Console.WriteLine($"# MLCycle benchmarks ({DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
try
{
    if (which == "profile")
    {
        await ProfileBenchmark.MeasureAsync(work);
        return;
    }
    var trained = await RunBenchmark.MeasureAsync(work);
    if (which is "serve" or "all") await ServingBenchmark.MeasureAsync(trained);
    if (which is "batch" or "all") await BatchBenchmark.MeasureAsync(trained);
}
finally
{
    Directory.Delete(work, recursive: true);
}
