using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace MLCycle.Bench;

/// <summary>
/// The runtime's own account of garbage collection in this process, from its events: collections by generation and reason, the
/// pauses (threads suspended to restarted) and large-object-heap allocations by type (allocation ticks, one per ~100 KB). Written as
/// text to a file every second, cumulative, so a benchmark's child server can be read from outside while it runs.
/// </summary>
public sealed class GcTally : EventListener
{
    private readonly ConcurrentDictionary<string, long> collections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> largeBytes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> smallBytes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<double> pauses = new();
    // The same pauses by the kind of the collection that began in them ("gen1 type0"; a background collection's own pauses are
    // "gen2 type1"), to tell which collections make the long ones.
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> pausesByKind = new(StringComparer.Ordinal);
    private string pauseKind = "none";
    // The part of each pause spent stopping the threads (suspension began to ended): a thread that is not scheduled, such as a
    // low-priority one on busy cores, holds every other thread up until it reaches a safe point.
    private readonly ConcurrentQueue<double> suspensions = new();
    // One line per collection from its heap statistics: what it promoted from gen0 and gen1 (the survivors it copied), the pinned
    // objects it met, and the pause that ended after it.
    private readonly ConcurrentQueue<string> collectionsSeen = new();
    private string lastStats = "";
    // Events reach a listener later, from the runtime's dispatch thread: pauses are timed by the events' own timestamps.
    private DateTime suspendedAt;
    // The mark stages of the collection in progress (GCMarkWithType): how long each took since the one before, and what it marked,
    // to tell whether a long pause is spent copying survivors or finding them (the stack, handles, the older generations' cards).
    private DateTime stageFrom;
    private string stages = "";
    private static readonly string[] RootKinds = ["stack", "finalizer", "handles", "cards", "sizedref", "overflow", "dependent", "newfq", "steal", "bgc"];

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.Payload is null || e.PayloadNames is null) return;
        object P(string name) => e.Payload[e.PayloadNames.IndexOf(name)]!;
        switch (e.EventId)
        {
            case 1: // GCStart
                collections.AddOrUpdate($"gen{P("Depth")} {P("Reason")} type{P("Type")}", 1, (_, n) => n + 1);
                pauseKind = $"gen{P("Depth")} type{P("Type")}";
                break;
            case 9: // GCSuspendEEBegin
                suspendedAt = e.TimeStamp;
                break;
            case 4: // GCHeapStats
                lastStats = string.Create(CultureInfo.InvariantCulture,
                    $"promoted0 {Convert.ToDouble(P("TotalPromotedSize0"), CultureInfo.InvariantCulture) / 1e6:0.0} MB promoted1 {Convert.ToDouble(P("TotalPromotedSize1"), CultureInfo.InvariantCulture) / 1e6:0.0} MB gen0 {Convert.ToDouble(P("GenerationSize0"), CultureInfo.InvariantCulture) / 1e6:0.0} MB gen2 {Convert.ToDouble(P("GenerationSize2"), CultureInfo.InvariantCulture) / 1e6:0.0} MB pinned {P("PinnedObjectCount")} handles {P("GCHandleCount")}");
                break;
            case 8: // GCSuspendEEEnd
                if (suspendedAt != default) suspensions.Enqueue((e.TimeStamp - suspendedAt).TotalMilliseconds);
                stageFrom = e.TimeStamp;
                stages = "";
                break;
            case 202: // GCMarkWithType
                var kind = Convert.ToInt32(P("Type"), CultureInfo.InvariantCulture);
                stages += string.Create(CultureInfo.InvariantCulture,
                    $" {(kind < RootKinds.Length ? RootKinds[kind] : kind.ToString(CultureInfo.InvariantCulture))} {(e.TimeStamp - stageFrom).TotalMilliseconds:0.0}ms/{Convert.ToDouble(P("Bytes"), CultureInfo.InvariantCulture) / 1e6:0.0}MB");
                stageFrom = e.TimeStamp;
                break;
            case 2: // GCEnd
                stages += string.Create(CultureInfo.InvariantCulture, $" rest {(e.TimeStamp - stageFrom).TotalMilliseconds:0.0}ms");
                break;
            case 3: // GCRestartEEEnd
                if (suspendedAt != default)
                {
                    var pause = (e.TimeStamp - suspendedAt).TotalMilliseconds;
                    pauses.Enqueue(pause);
                    pausesByKind.GetOrAdd(pauseKind, _ => new()).Enqueue(pause);
                    collectionsSeen.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{pauseKind} pause {pause:0.0} ms, {lastStats} marks:{stages}"));
                    lastStats = "";
                    stages = "";
                }
                suspendedAt = default;
                // A pause without a collection started in it: a background collection's second one (or a suspension for
                // something else), named after the last collection started.
                if (!pauseKind.EndsWith(" later", StringComparison.Ordinal)) pauseKind += " later";
                break;
            case 10: // GCAllocationTick: kind 0 the small object heap, 1 the large
                var amount = Convert.ToInt64(P("AllocationAmount64"), CultureInfo.InvariantCulture);
                var heap = Convert.ToInt32(P("AllocationKind"), CultureInfo.InvariantCulture) == 1 ? largeBytes : smallBytes;
                heap.AddOrUpdate(P("TypeName") as string ?? "?", amount, (_, b) => b + amount);
                break;
        }
    }

    /// <summary>Writes the tally to <paramref name="path"/> every second until the process ends.</summary>
    public static void StartWriting(string path)
    {
        var tally = new GcTally();
        var thread = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(1000);
                var p = tally.pauses.ToArray();
                Array.Sort(p);
                double Q(double q) => p.Length == 0 ? 0 : p[(int)Math.Min(p.Length - 1, q * p.Length)];
                var text = string.Create(CultureInfo.InvariantCulture, $"time {DateTime.UtcNow:HH:mm:ss.fff}\npauses {p.Length} total_ms {p.Sum():0.0} p50 {Q(0.5):0.00} p90 {Q(0.9):0.00} p99 {Q(0.99):0.00} max {(p.Length == 0 ? 0 : p[^1]):0.00}\n")
                    + $"suspensions {string.Join(' ', tally.suspensions.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))}\n"
                    + string.Join('\n', tally.pausesByKind.OrderBy(k => k.Key).Select(k => $"pauses in {k.Key}: {string.Join(' ', k.Value.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))}")) + "\n"
                    + string.Join('\n', tally.collections.OrderBy(c => c.Key).Select(c => $"gc {c.Key} {c.Value}")) + "\n"
                    + string.Join('\n', tally.collectionsSeen.Select(c => "collection " + c)) + "\n"
                    + string.Join('\n', tally.largeBytes.OrderByDescending(c => c.Value).Take(12).Select(c => $"loh {c.Value / 1e6:0.0} MB {c.Key}")) + "\n"
                    + string.Join('\n', tally.smallBytes.OrderByDescending(c => c.Value).Take(25).Select(c => $"soh {c.Value / 1e6:0.0} MB {c.Key}")) + "\n";
                File.WriteAllText(path + ".tmp", text);
                File.Move(path + ".tmp", path, overwrite: true);
            }
        }) { IsBackground = true, Name = "bench gc tally" };
        thread.Start();
    }
}
