using Microsoft.AspNetCore.Http;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MLCycle.Monitoring;
using MLCycle.Server;
using MLCycle.Server.Admission;
using MLCycle.Server.Apis;
using MLCycle.Server.Json;
using MLCycle.Serving;
using MLCycle.Storage;
using Prometheus;

namespace MLCycle.Bench;

/// <summary>
/// What one 10,000-row request costs the server, phase by phase, in CPU milliseconds and bytes allocated (both robust to a busy
/// machine, unlike wall time): the overload benchmark's LightGBM model, the phases of the v1 predict and v2 infer routes run in this
/// process one after another, each repeated and averaged. Process CPU time counts every thread, so a phase that fans out over the
/// cores (scoring) is counted whole.
/// </summary>
public static class BigRequestCost
{
    public const string Verb = "bigreq";
    private const int Rows = 10_000;

    public static async Task MeasureAsync(string work, int repeats, string? only = null)
    {
        var (storePath, data) = await OverloadBenchmark.TrainAsync(work);
        var v1 = OverloadBenchmark.Body(data, Rows);
        var v2 = TensorBody(data, Rows);
        await using var store = await MLCycleStore.OpenAsync(storePath);
        using var cache = new ModelCache(store.Registry, store.Artifacts);
        var served = await cache.GetAsync("bench-lightgbm");
        var manifest = served.Model.Manifest;
        await using var log = new PredictionLogWriter(new DiscardedLog());
        var metrics = new ServingMetrics(log, cache);
        var outputNames = InferenceResponseWriter.Outputs(manifest).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);

        using var parsed = await PredictRequestReader.ReadAsync(new MemoryStream(v1), CancellationToken.None);
        using var parsedV2 = await InferenceRequestReader.ReadAsync(new MemoryStream(v2), manifest, outputNames, null, CancellationToken.None);
        if (parsed.Errors.Count > 0 || parsedV2.Error is not null) throw new InvalidOperationException($"bench bodies refused: {parsed.Errors.FirstOrDefault()?.Reason}{parsedV2.Error}");
        var scored = served.Model.Score(parsed.Rows, 0);
        var (_, predictions, _) = LoggedScoring.Score(served, parsed.Rows, 0, log, metrics, Stopwatch.GetTimestamp());
        var entries = Enumerable.Range(0, Rows).Select(i => new PredictionLogEntry("bench-lightgbm", 1, DateTimeOffset.UtcNow,
            LoggedRequestTable.InputsJson(manifest, parsed.Rows[i]), JsonSerializer.Serialize(predictions[i], ServerJsonContext.Default.Prediction)) { Id = predictions[i].Id }).ToList();

        var batch = BatchOf(served, parsed.Rows, [.. predictions]);
        using var v1Document = JsonDocument.Parse((ReadOnlyMemory<byte>)v1);
        var (skimmed, _, _, cut) = await CountedBody.ReadAsync(new MemoryStream(v1), tensors: false, _ => null, CancellationToken.None);
        skimmed!.Dispose();
        var split = cut ?? throw new InvalidOperationException("the bench body's rows were not cut in two");
        var phases = new List<(string Name, Func<Task> Run)>
        {
            ("v1 body read + JSON parse + rows", async () => { using var r = await PredictRequestReader.ReadAsync(new MemoryStream(v1), CancellationToken.None); }),
            // As the route reads it: rows counted (and reserved) chunk by chunk while the body arrives, which the row above leaves out.
            ("v1 body read + JSON parse + rows, rows counted as they arrive (the route)", async () => { using var r = await PredictRequestReader.ReadAsync(new MemoryStream(v1), _ => null, CancellationToken.None); }),
            // The parts of the phase above, each alone (what is left of it is making the rows).
            ("(v1 part) body read into a pooled buffer", async () => { (await CountedBody.ReadAsync(new MemoryStream(v1), tensors: false, null, CancellationToken.None)).Body!.Dispose(); }),
            ("(v1 part) body read into a pooled buffer, rows counted as they arrive (the admission skim)", async () => { (await CountedBody.ReadAsync(new MemoryStream(v1), tensors: false, _ => null, CancellationToken.None)).Body!.Dispose(); }),
            ("(v1 part) UTF-8 check", () => { _ = PredictRequestReader.InvalidUtf8At(v1); return Task.CompletedTask; }),
            ("(v1 part) JsonDocument.Parse", () => { JsonDocument.Parse((ReadOnlyMemory<byte>)v1).Dispose(); return Task.CompletedTask; }),
            ("(v1 part) the body parsed as two halves at once (SplitRows, ADR 0080)", () => { SplitRows.TryParse(v1, split)!.Dispose(); return Task.CompletedTask; }),
            ("(v1 part) escaped surrogate search", () => { _ = EscapedSurrogates.FindUnpaired(v1, v1Document.RootElement); return Task.CompletedTask; }),
            ("v2 body read + JSON parse + tensors to rows", async () => { using var r = await InferenceRequestReader.ReadAsync(new MemoryStream(v2), manifest, outputNames, null, CancellationToken.None); }),
            ("validate + encode + score (ScoringModel.Score)", () => { served.Model.Score(parsed.Rows, 0); return Task.CompletedTask; }),
            ("score + ids, before the answer (LoggedScoring.Score)", () => { LoggedScoring.Score(served, parsed.Rows, 0, log, metrics, Stopwatch.GetTimestamp()); return Task.CompletedTask; }),
            ("score + ids + log entries queued (the route's whole CPU)", () => { LoggedScoring.Score(served, parsed.Rows, 0, log, metrics, Stopwatch.GetTimestamp()).Log!.Write(); return Task.CompletedTask; }),
            ("ids, then the log rows built and queued after the answer (Identify + PendingLog.Write)", () => { LoggedScoring.Identify(served, parsed.Rows, scored.Predictions, log, PredictionRole.Primary).Log.Write(); return Task.CompletedTask; }),
            // As the route writes it: into the response's pipe, a thousand predictions at a time (ADR 0072), keeping the probabilities'
            // text for the log in a fresh buffer each time, as each request has its own (ADR 0077).
            ("v1 response JSON (~1 MB)", async () =>
            {
                var fresh = new IdentifiedPredictions(predictions.Scored, predictions.Ids, new ProbabilityTexts(predictions.Count));
                await new PredictAnswer(new ModelIdentity("bench-lightgbm", 1), fresh, []).ExecuteAsync(new DefaultHttpContext { Response = { Body = Stream.Null } });
                fresh.Texts!.Dispose();
            }),
            // The same without the kept text, each writer formatting its own numbers (before ADR 0077), for a comparison in one process.
            ("ids, the v1 answer, then its log rows, each formatting the probabilities (before ADR 0077)", async () =>
            {
                var (identified, _) = LoggedScoring.Identify(served, parsed.Rows, scored.Predictions, log, PredictionRole.Primary);
                identified.Texts?.Dispose();
                var plain = new IdentifiedPredictions(identified.Scored, identified.Ids);
                await new PredictAnswer(new ModelIdentity("bench-lightgbm", 1), plain, []).ExecuteAsync(new DefaultHttpContext { Response = { Body = Stream.Null } });
                new PendingLog(served, parsed.Rows, identified.Scored, identified.Ids, log, PredictionRole.Primary, DateTimeOffset.UtcNow).Write();
            }),
            // What the route does after scoring: ids, the answer, then the log rows from the text the answer kept (ADR 0077).
            ("ids, the v1 answer, then its log rows built and queued (Identify + PredictAnswer + PendingLog.Write)", async () =>
            {
                var (identified, pending) = LoggedScoring.Identify(served, parsed.Rows, scored.Predictions, log, PredictionRole.Primary);
                await new PredictAnswer(new ModelIdentity("bench-lightgbm", 1), identified, []).ExecuteAsync(new DefaultHttpContext { Response = { Body = Stream.Null } });
                pending.Write();
            }),
            ("v2 response JSON", async () =>
            {
                // Into a pipe, as the route writes it into the response's.
                var pipe = System.IO.Pipelines.PipeWriter.Create(Stream.Null);
                await InferenceResponseWriter.WriteAsync(pipe, served.Version, manifest, "1", null, predictions, [], CancellationToken.None);
                await pipe.CompleteAsync();
            }),
            ("(bench) fresh ids for one flush, counted in the flush rows", () => { FreshIds(entries); return Task.CompletedTask; }),
            ("log flush: 10,000 entries to SQLite (background)", () => AppendAsync(store.Predictions, entries)),
            ("(bench) a fresh batch for one flush, counted in the batch flush rows", () => { FreshBatch(batch); return Task.CompletedTask; }),
            ("log flush: one 10,000-row batch to SQLite (background, ADR 0061)", () => AppendAsync(store.Predictions, batch)),
            ("/metrics text", () => metrics.Registry.CollectAndExportAsTextAsync(Stream.Null)),
        };
        await using var postgres = await PostgresFlushStore.OpenAsync(work);
        if (postgres is not null)
        {
            phases.Add(("log flush: 10,000 entries to PostgreSQL (background)", () => AppendAsync(postgres.Store.Predictions, entries)));
            phases.Add(("log flush: one 10,000-row batch to PostgreSQL (background, ADR 0061)", () => AppendAsync(postgres.Store.Predictions, batch)));
        }
        // Training leaves work on other threads (collections, the runtime's compiling) that process CPU time counts: without a
        // pause it landed in the first phase measured, which read up to twice the same phase measured second.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        await Task.Delay(TimeSpan.FromSeconds(5));
        Console.WriteLine();
        // What the writer's byte budget counts for one request's rows while they wait: the batch now, the entries before (ADR 0061).
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Queued bytes for one {Rows:N0}-row request: {batch.MeasuredBytes:N0} as one batch; {entries.Sum(e => e.MeasuredBytes):N0} as entries (main before ADR 0061)."));
        Console.WriteLine($"## One {Rows:N0}-row request by phase ({repeats} repeats each after 2 s of warm-up; {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        Console.WriteLine("| phase | CPU ms | wall ms | MB allocated | GCs gen 0/1/2 per 10 | PostgreSQL server CPU ms |");
        Console.WriteLine("|---|---|---|---|---|---|");
        // PHASE may name several parts of phase names, separated by '|'.
        foreach (var (name, run) in phases.Where(p => only is null || only.Split('|').Any(o => p.Name.Contains(o, StringComparison.Ordinal))))
        {
            // Warm for two seconds, not two calls: the runtime compiles hot methods again (tier 1) on a background thread
            // some 100 ms after they get hot, and two calls left that compiling inside the measured repeats.
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed.TotalSeconds < 2) await run();
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var server = postgres?.ServerCpuMilliseconds() ?? double.NaN;
            var bytes = GC.GetTotalAllocatedBytes(precise: true);
            // Collections are counted too: like bytes, they do not move with the machine's load, and entries kept queued are
            // what a collection copies.
            var collections = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
            var wall = Stopwatch.GetTimestamp();
            for (var i = 0; i < repeats; i++) await run();
            var ms = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / repeats;
            // The whole cluster's CPU: only the PostgreSQL phase should move it, on a cluster no one else uses.
            var serverMs = ((postgres?.ServerCpuMilliseconds() ?? double.NaN) - server) / repeats;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {ms:0.0} | {Stopwatch.GetElapsedTime(wall).TotalMilliseconds / repeats:0.0} | {(GC.GetTotalAllocatedBytes(precise: true) - bytes) / repeats / 1e6:0.0} | {string.Join('/', Enumerable.Range(0, 3).Select(g => ((GC.CollectionCount(g) - collections[g]) * 10.0 / repeats).ToString("0.#", CultureInfo.InvariantCulture)))} | {(double.IsNaN(serverMs) ? "-" : serverMs.ToString("0.0", CultureInfo.InvariantCulture))} |"));
        }
    }

    /// <summary>The same rows as an Open Inference Protocol v2 infer body: one tensor per column (FP64 for numbers, BYTES for text;
    /// an empty cell is null).</summary>
    private static byte[] TensorBody(string data, int rows)
    {
        var lines = File.ReadLines(data).Take(rows + 1).Select(l => l.Split(',')).ToList();
        var header = lines[0];
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", "bench");
            writer.WriteStartArray("inputs");
            for (var c = 0; c < header.Length - 1; c++)
            {
                var numeric = lines.Skip(1).All(l => l[c].Length == 0 || double.TryParse(l[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
                writer.WriteStartObject();
                writer.WriteString("name", header[c]);
                writer.WriteStartArray("shape");
                writer.WriteNumberValue(rows);
                writer.WriteEndArray();
                writer.WriteString("datatype", numeric ? "FP64" : "BYTES");
                writer.WriteStartArray("data");
                foreach (var line in lines.Skip(1))
                {
                    if (line[c].Length == 0) writer.WriteNullValue();
                    else if (numeric) writer.WriteNumberValue(double.Parse(line[c], CultureInfo.InvariantCulture));
                    else writer.WriteStringValue(line[c]);
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static async Task AppendAsync(IPredictionLog log, List<PredictionLogEntry> entries)
    {
        // As the writer flushes: batches of its MaxBatchSize.
        var fresh = FreshIds(entries);
        for (var i = 0; i < fresh.Count; i += 2_000) await log.AppendAsync(fresh.GetRange(i, Math.Min(2_000, fresh.Count - i)));
    }

    private static async Task AppendAsync(IPredictionLog log, PredictionLogBatch template)
    {
        // As the writer flushes a request's batch: slices of its MaxBatchSize rows, one transaction each.
        var fresh = FreshBatch(template);
        for (var i = 0; i < fresh.Count; i += 2_000) await log.AppendRowsAsync(new PredictionLogRows([new PredictionLogSlice(fresh, i, Math.Min(2_000, fresh.Count - i))]));
    }

    /// <summary>The request's rows as the server queues them (PendingLog.Write's batch), ids included.</summary>
    private static PredictionLogBatch BatchOf(CachedModel served, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, Prediction[] predictions)
    {
        using var json = new LogEntryJson(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            json.Add(served.Model.Manifest, rows[i], predictions[i] with { Id = null }, predictions[i].Id, LoggedRequestTable.KeyOf(served.Model.Manifest, rows[i]));
        }
        return json.Build("bench-lightgbm", 1, DateTimeOffset.UtcNow, PredictionRole.Primary);
    }

    // The batch's JSON copied as it is with fresh ids (unique in the log), as FreshIds does for the entries. Its buffer is not
    // given back (that is the writer's to do), so this row's allocation is the batch's and is counted in the flush rows too.
    private static PredictionLogBatch FreshBatch(PredictionLogBatch template)
    {
        var ids = new string[template.Count];
        PredictionId.NewMany(DateTimeOffset.UtcNow, ids);
        using var builder = new PredictionLogBatchBuilder(template.Count);
        for (var i = 0; i < template.Count; i++)
        {
            builder.Json.WriteRawValue(template.Inputs(i).Span, skipInputValidation: true);
            builder.EndInputs();
            builder.Json.WriteRawValue(template.Output(i).Span, skipInputValidation: true);
            builder.EndRow(ids[i], template.Key(i));
        }
        return builder.Build(template.ModelName, template.Version, template.Time, template.Role);
    }

    // Fresh ids each time, the id being unique in the log; made as the server makes them (NewMany). One PredictionId.New per
    // entry, as this did before, cost about 30 of the flush's CPU ms here and was the bench's, not the flush's.
    private static List<PredictionLogEntry> FreshIds(List<PredictionLogEntry> entries)
    {
        var ids = new string[entries.Count];
        PredictionId.NewMany(DateTimeOffset.UtcNow, ids);
        return entries.Select((e, i) => e with { Id = ids[i] }).ToList();
    }

    /// <summary>A log that keeps nothing: the phases measure building and queueing entries, the flush is measured apart.</summary>
    private sealed class DiscardedLog : IPredictionLog
    {
        public Task AppendAsync(IReadOnlyList<PredictionLogEntry> entries, CancellationToken ct = default) => Task.CompletedTask;
        // Discarded as they come: the interface's default would make entries of the rows, on the writer's thread, inside the phases.
        public Task AppendRowsAsync(PredictionLogRows rows, CancellationToken ct = default) => Task.CompletedTask;
        public Task<IReadOnlyList<PredictionLogEntry>> ReadAsync(string modelName, DateTimeOffset? since = null, int limit = 1000, CancellationToken ct = default) => throw new NotSupportedException();
        public Task AddDroppedAsync(string modelName, DateOnly day, long rows, CancellationToken ct = default) => Task.CompletedTask;
        public Task<long> CountDroppedAsync(string modelName, DateTimeOffset? since = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlySet<string>> FindIdsAsync(string modelName, IReadOnlyCollection<string> ids, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<KeyedPrediction>> FindByKeysAsync(string modelName, IReadOnlyCollection<string> keys, DateTimeOffset before, CancellationToken ct = default) => throw new NotSupportedException();
        public Task AddOutcomesAsync(string modelName, IReadOnlyList<PredictionOutcome> outcomes, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<LabelledPrediction>> ReadLabelledAsync(string modelName, DateTimeOffset? since = null, CancellationToken ct = default) => throw new NotSupportedException();
    }
}
