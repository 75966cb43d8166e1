using System.Globalization;
using MLCycle.Bench;

// Usage: dotnet run -c Release --project bench/MLCycle.Bench -- [run|serve|batch|all|profile|run-cli [OTHER_MLCYCLE...]|wide|models|dashboard [RUNS]|big [GB]|drift [ROWS]|mlp [CSV]|serve-mlp|serve-shadow|serve-fastapi|overload [C/R[/LATENCY_MS]|default ...] [--no-backoff] [--no-off] [--clients-nice 19] [--seconds 15] [--probe-every-ms 0] [--clients 128] [--rows 10000]|bigreq [REPEATS [PHASE]]|treewalk [REPEATS]|rowcost [ROUNDS [VARIANT]]|refusal [COUNT]|tune TELCO_CSV|explain|tracking-api [RUNS] [--reuse]|api-overload|publish-trials [TRIALS]]
// A usage error (an unknown verb, a count that is not one) prints one line and exits 2.
var which = args.Length > 0 ? args[0] : "all";
if (which == BigProfileBenchmark.ChildVerb) return await BigProfileBenchmark.ChildAsync(args[1], args[2]);
if (which == OverloadBenchmark.ChildVerb) return await OverloadBenchmark.ChildAsync(args[1..]);
if (which == DriftBenchmark.ChildVerb) return await DriftBenchmark.ChildAsync(args[1], args[2], args[3]);
if (which == TrackingApiBenchmark.ChildVerb) return await TrackingApiBenchmark.ChildAsync(args[1..]);
// The verbs; anything else is a usage error rather than the whole suite (a mistyped verb used to run every benchmark).
string[] verbs = ["all", "run", "serve", "batch", "profile", "run-cli", "wide", "models", "dashboard", "big", "drift", "mlp", "serve-mlp",
    ShadowServingBenchmark.Verb, FastApiBenchmark.Verb, "overload", BigRequestCost.Verb, TreeWalkBenchmark.Verb, PredictionRowCost.Verb,
    RefusalCost.Verb, "tune", "explain", TrackingApiBenchmark.Verb, ApiOverloadBenchmark.Verb, PublishTrialsBenchmark.Verb];
if (!verbs.Contains(which))
{
    Console.Error.WriteLine($"bench: unknown benchmark '{which}'; one of: {string.Join(", ", verbs)}.");
    return 2;
}
var work = Directory.CreateTempSubdirectory("mlcycle-bench-").FullName;
Console.WriteLine($"# MLCycle benchmarks ({DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
try
{
    // The Python peers each comparison needs, installed from Debian's packages when missing (a fresh machine has none).
    if (which == "profile") PythonPeers.Ensure(("import pandas", "python3-pandas"));
    if (which == "models") PythonPeers.Ensure(("import pandas", "python3-pandas"), (ModelsBenchmark.PeerImport, "python3-sklearn"));
    if (which == "mlp") PythonPeers.Ensure(("import torch", "python3-torch"), ("import numpy", "python3-numpy"));
    if (which == FastApiBenchmark.Verb) PythonPeers.Ensure(FastApiBenchmark.Peers);
    // GNU time measures the monitor process's peak memory; Debian's minimal images leave it out.
    if (which == "drift") PythonPeers.Ensure(("import os, sys; sys.exit(not os.path.exists('/usr/bin/time'))", "time"));
    if (which == "profile")
    {
        await ProfileBenchmark.MeasureAsync(work);
        return 0;
    }
    if (which == "models")
    {
        await ModelsBenchmark.MeasureAsync(work);
        return 0;
    }
    if (which == "dashboard")
    {
        await DashboardBenchmark.MeasureAsync(work, Count(1, 100_000));
        return 0;
    }
    if (which == "wide")
    {
        await WideColumnsBenchmark.MeasureAsync(work);
        return 0;
    }
    if (which == "run-cli")
    {
        await RunProcessBenchmark.MeasureAsync(work, args.Skip(1).ToList());
        return 0;
    }
    if (which == "mlp")
    {
        MlpBenchmark.Measure(work, args.Length > 1 ? args[1] : null);
        return 0;
    }
    if (which == "tune")
    {
        if (args.Length < 2) throw new UsageException("tune takes the path of the telco CSV: tune TELCO_CSV.");
        await TuneBenchmark.MeasureAsync(work, args[1]);
        return 0;
    }
    if (which == "explain")
    {
        await ExplainBenchmark.MeasureAsync(work);
        return 0;
    }
    if (which == TreeWalkBenchmark.Verb)
    {
        await TreeWalkBenchmark.MeasureAsync(work, Count(1, 200));
        return 0;
    }
    if (which == BigRequestCost.Verb)
    {
        await BigRequestCost.MeasureAsync(work, Count(1, 20), args.Length > 2 ? args[2] : null);
        return 0;
    }
    if (which == PredictionRowCost.Verb)
    {
        await PredictionRowCost.MeasureAsync(work, Count(1, 10), args.Length > 2 ? args[2] : null);
        return 0;
    }
    if (which == RefusalCost.Verb)
    {
        await RefusalCost.MeasureAsync(work, Count(1, 1_000));
        return 0;
    }
    if (which == "overload")
    {
        // Options with a value (and the value) are taken out; what is left after the verb are the admission settings.
        var settings = args.Skip(1).ToList();
        int Option(string name, int fallback)
        {
            var at = settings.IndexOf(name);
            if (at < 0) return fallback;
            if (at + 1 == settings.Count || !int.TryParse(settings[at + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                throw new UsageException($"{name} takes a whole number; found {(at + 1 == settings.Count ? "nothing" : $"'{settings[at + 1]}'")}.");
            settings.RemoveRange(at, 2);
            return value;
        }
        var nice = Option("--clients-nice", 19);
        // Below 0 the clients run before the server, as clients on other machines never wait for its cores (needs root).
        if (nice is < -20 or > 19) throw new UsageException($"--clients-nice takes -20 to 19 (Linux nice values); found {nice}.");
        var seconds = Option("--seconds", 15);
        var backoff = settings.Remove("--no-backoff") is false;
        var withOff = settings.Remove("--no-off") is false;
        var probeEvery = TimeSpan.FromMilliseconds(Option("--probe-every-ms", 0));
        var clients = Option("--clients", 128);
        var rows = Option("--rows", 10_000);
        if (seconds < 1 || clients < 1 || probeEvery < TimeSpan.Zero)
            throw new UsageException($"--seconds and --clients take 1 or more, --probe-every-ms 0 or more; found {seconds}, {clients}, {probeEvery.TotalMilliseconds}.");
        // The body is cut from the benchmark's 40,000-row data file; a size it cannot hold would be measured as another.
        if (rows is < 1 or > 40_000) throw new UsageException($"--rows takes 1 to 40,000 (the rows of the benchmark's data file); found {rows}.");
        await OverloadBenchmark.MeasureAsync(work, settings, backoff, nice, TimeSpan.FromSeconds(seconds), withOff, probeEvery, clients, rows);
        return 0;
    }
    if (which == FastApiBenchmark.Verb)
    {
        await FastApiBenchmark.MeasureAsync(work);
        return 0;
    }
    if (which == ShadowServingBenchmark.Verb)
    {
        await ShadowServingBenchmark.MeasureAsync(work);
        return 0;
    }
    if (which == "serve-mlp")
    {
        await MlpServingBenchmark.MeasureAsync(work);
        return 0;
    }
    if (which == "drift")
    {
        await DriftBenchmark.MeasureAsync(work, Count(1, 1_000_000));
        return 0;
    }
    if (which == ApiOverloadBenchmark.Verb)
    {
        await ApiOverloadBenchmark.MeasureAsync(work);
        return 0;
    }
    if (which == TrackingApiBenchmark.Verb)
    {
        var reuse = args.Contains("--reuse");
        var counts = args.Skip(1).Where(a => a != "--reuse").ToList();
        await TrackingApiBenchmark.MeasureAsync(work, counts.Count > 0 ? WholeNumber(which, counts[0]) : 100_000, reuse);
        return 0;
    }
    if (which == PublishTrialsBenchmark.Verb)
    {
        await PublishTrialsBenchmark.MeasureAsync(work, Count(1, 50));
        return 0;
    }
    if (which == "big")
    {
        await BigProfileBenchmark.MeasureAsync(work, args.Length > 1 ? Gigabytes(args[1]) : 10);
        return 0;
    }
    var trained = await RunBenchmark.MeasureAsync(work);
    if (which is "serve" or "all") await ServingBenchmark.MeasureAsync(trained);
    if (which is "batch" or "all") await BatchBenchmark.MeasureAsync(trained);
    return 0;
}
catch (UsageException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 2;
}
finally
{
    Directory.Delete(work, recursive: true);
}

// A verb's count argument at args[at] (1 or more), or the fallback when it is not given.
int Count(int at, int fallback) => args.Length > at ? WholeNumber(which, args[at]) : fallback;

static int WholeNumber(string verb, string text) =>
    int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
        ? value
        : throw new UsageException($"{verb} takes a count of 1 or more; found '{text}'.");

static double Gigabytes(string text) =>
    double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : throw new UsageException($"big takes a size in GB above 0; found '{text}'.");
