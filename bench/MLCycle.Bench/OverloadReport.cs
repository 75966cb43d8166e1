using System.Globalization;

namespace MLCycle.Bench;

/// <summary>What the overload benchmark measured in one run of the server (<see cref="OverloadBenchmark"/>).</summary>
internal sealed class OverloadOutcome
{
    public readonly List<(double Headers, double Written, double Done, double BodyIn)> ServerBig = [];
    public readonly List<(double Headers, double Written, double Done)> ServerProbe = [];
    public int BigSent;
    public int Unfinished;
    public int BigCut;
    public readonly List<double> BigOk = [];
    public readonly List<double> BigRefused = [];
    public readonly List<TimedPost.Parts> BigParts = [];
    public readonly List<double> ProbeOk = [];
    public int ProbeRefused;
    public int ServerNice;
    public long PeakRssKb;
    public double ServerCpuSeconds;
    public double ClientCpuSeconds;
    public long LogQueued;
    public long LogQueuedBytes;
    public long LogDropped;
}

/// <summary>Prints the overload benchmark's tables: the clients' view, the server's own (ServerSideTiming) and an admitted request
/// by part.</summary>
internal static class OverloadReport
{
    /// <summary>How the runs were made, for the heading and the per-second figures.</summary>
    public sealed record Setup(int Clients, int Rows, int BigBodyBytes, TimeSpan Window, TimeSpan Warmup, TimeSpan ProbeEvery, bool Backoff, int ClientsNice,
        string LoadAverage);

    public static void Print(IReadOnlyList<(string Setting, OverloadOutcome Outcome)> runs, Setup setup)
    {
        Console.WriteLine();
        Console.WriteLine($"## Overload: {setup.Clients} clients x {setup.Rows:N0}-row requests for {setup.Window.TotalSeconds:0} s after {setup.Warmup.TotalSeconds:0} s of the same load to warm up, plus one single-row probe " +
            $"{(setup.ProbeEvery > TimeSpan.Zero ? $"started every {setup.ProbeEvery.TotalMilliseconds:0} ms" : "sent back to back")} " +
            $"({(setup.Backoff ? "refused clients wait Retry-After" : "refused clients retry at once")}; clients at nice {setup.ClientsNice}, server at nice {string.Join("/", runs.Select(r => r.Outcome.ServerNice).Distinct())}; load average before: {setup.LoadAverage})");
        Console.WriteLine("| admission (requests/rows[/latency ms[/log backlog %]]) | big sent | big 200 | sent per 200 | big 429 | big 408 | unfinished | admitted p50 ms | admitted p99 ms | refusal p99 ms | rows/s | probe 200 | probe 429 | probe p50 ms | probe p99 ms | server peak RSS MB | server CPU s | clients CPU s | server CPU ms per big 200 | log rows queued at end | log MB queued at end | log rows dropped |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (setting, o) in runs)
        {
            Console.WriteLine($"| {setting} | {o.BigSent:N0} | {o.BigOk.Count:N0} | {(o.BigOk.Count == 0 ? "-" : ((double)o.BigSent / o.BigOk.Count).ToString("0.0", CultureInfo.InvariantCulture))} | {o.BigRefused.Count:N0} | {o.BigCut:N0} | {o.Unfinished:N0} | {P(o.BigOk, 0.5)} | {P(o.BigOk, 0.99)} | " +
                $"{P(o.BigRefused, 0.99)} | {o.BigOk.Count * setup.Rows / setup.Window.TotalSeconds:N0} | {o.ProbeOk.Count:N0} | {o.ProbeRefused:N0} | {P(o.ProbeOk, 0.5)} | {P(o.ProbeOk, 0.99)} | {o.PeakRssKb / 1024.0:N0} | " +
                $"{o.ServerCpuSeconds:0.0} | {o.ClientCpuSeconds:0.0} | {(o.BigOk.Count == 0 ? "-" : (o.ServerCpuSeconds * 1000 / o.BigOk.Count).ToString("0", CultureInfo.InvariantCulture))} | " +
                $"{o.LogQueued:N0} | {o.LogQueuedBytes / (1024.0 * 1024):N0} | {o.LogDropped:N0} |");
        }
        Console.WriteLine();
        Console.WriteLine();
        Console.WriteLine("Inside the server, from ASP.NET Core's hosting events (ServerSideTiming), requests started in the window and answered 200, ms: from the headers' " +
            "arrival until the answer's headers are sent, until its last byte is written, and until done (the log's rows queued after it)");
        Console.WriteLine("| admission | big 200 counted | big to headers p50 | p99 | max | big written p50 | p99 | max | big done p50 | p99 | probe written p50 | p99 | big body in p50 | p99 | big body in to headers p50 | p99 |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (setting, o) in runs)
        {
            List<double> headers = [.. o.ServerBig.Select(t => t.Headers)], written = [.. o.ServerBig.Select(t => t.Written)], done = [.. o.ServerBig.Select(t => t.Done)],
                small = [.. o.ServerProbe.Select(t => t.Written)], bodyIn = [.. o.ServerBig.Select(t => t.BodyIn)],
                working = [.. o.ServerBig.Select(t => t.Headers - t.BodyIn)];
            Console.WriteLine($"| {setting} | {o.ServerBig.Count:N0} | {P(headers, 0.5)} | {P(headers, 0.99)} | {P(headers, 1)} | {P(written, 0.5)} | {P(written, 0.99)} | {P(written, 1)} | " +
                $"{P(done, 0.5)} | {P(done, 0.99)} | {P(small, 0.5)} | {P(small, 0.99)} | {P(bodyIn, 0.5)} | {P(bodyIn, 0.99)} | {P(working, 0.5)} | {P(working, 0.99)} |");
        }
        Console.WriteLine();
        Console.WriteLine($"Admitted {setup.Rows:N0}-row requests by part, as the client sees them (ms): sending the {setup.BigBodyBytes / 1e6:0.0} MB body, waiting for the response's headers after its last byte, reading the response");
        Console.WriteLine("| admission | send p50 | send p99 | wait p50 | wait p99 | read p50 | read p99 |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (setting, o) in runs)
        {
            Console.WriteLine($"| {setting} | {P([.. o.BigParts.Select(p => p.Send)], 0.5)} | {P([.. o.BigParts.Select(p => p.Send)], 0.99)} | {P([.. o.BigParts.Select(p => p.Wait)], 0.5)} | " +
                $"{P([.. o.BigParts.Select(p => p.Wait)], 0.99)} | {P([.. o.BigParts.Select(p => p.Read)], 0.5)} | {P([.. o.BigParts.Select(p => p.Read)], 0.99)} |");
        }
    }

    private static string P(List<double> latencies, double quantile)
    {
        if (latencies.Count == 0) return "-";
        var sorted = latencies.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * quantile))].ToString("0.0", CultureInfo.InvariantCulture);
    }
}
