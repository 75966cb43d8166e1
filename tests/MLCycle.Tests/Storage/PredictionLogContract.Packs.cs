using MLCycle.Monitoring;
using MLCycle.Storage;

namespace MLCycle.Tests.Storage;

/// <summary>The prediction log's packs (ADR 0078) through <see cref="IPredictionLog"/>: many-row slices stored as one record and read
/// back as the entries they hold, whole, in order and in one snapshot.</summary>
public abstract partial class PredictionLogContract
{
    /// <summary>Runs <paramref name="sql"/> on the store's database, beside the store: its first column of its first row.</summary>
    protected abstract Task<object?> ScalarAsync(string sql);

    private async Task<long> CountAsync(string table) => Convert.ToInt64(await ScalarAsync($"SELECT COUNT(*) FROM {table}"), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ReadAsync_damagedPack_isBadDataNamingThePack()
    {
        var batch = Batch(PredictionLogPack.MinRows, T0.AddSeconds(1), PredictionRole.Primary, primary: false);
        await Store.Predictions.AppendRowsAsync(new PredictionLogRows([new PredictionLogSlice(batch, 0, batch.Count)]));
        var first = (string)(await ScalarAsync("SELECT first_id FROM prediction_log_packs"))!;
        await ScalarAsync("UPDATE prediction_log_packs SET entries = substr(entries, 1, 100)");

        var ex = await Assert.ThrowsAsync<MLCycleException>(() => Store.Predictions.ReadAsync("churn"));

        Assert.Equal(ErrorKind.BadData, ex.Kind);
        Assert.Contains($"pack {first} (model churn, logged 2025-06-15 15:06:41.000 UTC) is damaged", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new HashSet<string>([batch.Id(3)!]), await Store.Predictions.FindIdsAsync("churn", [batch.Id(3)!]));
        // A row count no blob agrees with, however large, is the same error, not an allocation of that many rows.
        await ScalarAsync("UPDATE prediction_log_packs SET row_count = 2147483647");
        await Store.Predictions.AddOutcomesAsync("churn", [new PredictionOutcome(batch.Id(3)!, "Yes", null)]);
        var labelled = await Assert.ThrowsAsync<MLCycleException>(() => Store.Predictions.ReadLabelledAsync("churn"));
        Assert.Contains("is damaged: 64 ids for 2147483647 rows", labelled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendRowsAsync_manyRowSlices_arePackedAndReadBackAsTheirEntries()
    {
        var shadow = Batch(300, T0.AddSeconds(2), PredictionRole.Shadow, primary: true);
        var primary = Batch(PredictionLogPack.MinRows, T0.AddSeconds(2), PredictionRole.Primary, primary: false);
        var single = PredictionLogBatch.Of(Entry("churn", 1, 2) with { Id = PredictionId.New(T0) });
        var before = PredictionLogBatch.Of(Entry("churn", 1, 1) with { Id = PredictionId.New(T0) });
        // Too few rows to pack: written one at a time.
        var small = Batch(PredictionLogPack.MinRows - 1, T0.AddSeconds(3), PredictionRole.Primary, primary: false);
        var rows = new PredictionLogRows([
            new PredictionLogSlice(shadow, 0, 200), new PredictionLogSlice(single, 0, 1), new PredictionLogSlice(primary, 0, primary.Count),
            new PredictionLogSlice(shadow, 200, 100), new PredictionLogSlice(before, 0, 1), new PredictionLogSlice(small, 0, small.Count)]);

        await Store.Predictions.AppendRowsAsync(rows);

        Assert.Equal((3L, 2L + small.Count), (await CountAsync("prediction_log_packs"), await CountAsync("prediction_log")));
        // Oldest first; at the same millisecond in the order the ids were made (the shadow batch's, the primary batch's, the single
        // row's), each pack in its own order.
        var entries = rows.ToEntries();
        List<PredictionLogEntry> expected = [entries[365], .. entries[..200], .. entries[201..365], entries[200], .. entries[366..]];
        Assert.Equal(429, expected.Count);
        Assert.Equal(expected, await Store.Predictions.ReadAsync("churn", limit: 1_000));
        Assert.Equal(expected[..150], await Store.Predictions.ReadAsync("churn", limit: 150));
        Assert.Equal(expected[1..], await Store.Predictions.ReadAsync("churn", since: T0.AddSeconds(2), limit: 1_000));
        Assert.Empty(await Store.Predictions.ReadAsync("housing"));
    }

    [Fact]
    public async Task ReadAsync_requestCutIntoAPackAndAShortTail_readsBackInItsOrder()
    {
        // The writer cuts its queue into transactions of 2,000 rows: a 2,030-row request can be written as a pack and 30 rows.
        var batch = Batch(2_030, T0.AddSeconds(1), PredictionRole.Primary, primary: false);
        var after = PredictionLogBatch.Of(Entry("churn", 1, 1) with { Id = PredictionId.New(T0) });
        await Store.Predictions.AppendRowsAsync(new PredictionLogRows([new PredictionLogSlice(batch, 0, 2_000)]));
        await Store.Predictions.AppendRowsAsync(new PredictionLogRows([new PredictionLogSlice(batch, 2_000, 30), new PredictionLogSlice(after, 0, 1)]));

        var read = await Store.Predictions.ReadAsync("churn", limit: 5_000);

        Assert.Equal((1L, 31L), (await CountAsync("prediction_log_packs"), await CountAsync("prediction_log")));
        Assert.Equal([.. Enumerable.Range(0, 2_030).Select(batch.Entry), after.Entry(0)], read);
        Assert.Equal(Enumerable.Range(0, 100).Select(batch.Entry), await Store.Predictions.ReadAsync("churn", limit: 100));
    }

    [Fact]
    public async Task FindIdsAndReadLabelled_packedRows_findTheirIdsAndJoinTheirOutcomes()
    {
        var primary = Batch(100, T0.AddSeconds(1), PredictionRole.Primary, primary: false);
        var other = Batch(100, T0.AddSeconds(1), PredictionRole.Primary, primary: false, model: "housing");
        await Store.Predictions.AppendRowsAsync(new PredictionLogRows([new PredictionLogSlice(primary, 0, 100), new PredictionLogSlice(other, 0, 100)]));
        // The shadow rows point at the primary rows' ids: their outcomes are the primary rows'.
        var shadow = Batch(100, T0.AddSeconds(2), PredictionRole.Shadow, primary: false, primaryIds: [.. Enumerable.Range(0, 100).Select(i => primary.Id(i)!)]);
        await Store.Predictions.AppendRowsAsync(new PredictionLogRows([new PredictionLogSlice(shadow, 0, 100)]));
        string[] labelledIds = [primary.Id(0)!, primary.Id(57)!, primary.Id(99)!];

        var found = await Store.Predictions.FindIdsAsync("churn", [.. labelledIds, shadow.Id(3)!, other.Id(5)!, PredictionId.New(T0.AddSeconds(1)), "nope"]);
        await Store.Predictions.AddOutcomesAsync("churn", [.. labelledIds.Select((id, i) => new PredictionOutcome(id, i % 2 == 0 ? "Yes" : "No", null))]);
        var labelled = await Store.Predictions.ReadLabelledAsync("churn");

        Assert.Equal(new HashSet<string>([.. labelledIds, shadow.Id(3)!]), found);
        Assert.Equal(new HashSet<string>([other.Id(5)!]), await Store.Predictions.FindIdsAsync("housing", [other.Id(5)!, primary.Id(5)!]));
        Assert.Equal(3L, await CountAsync("prediction_log_packs"));
        Assert.Equal(
            [(primary.Id(0)!, PredictionRole.Primary, "Yes"), (primary.Id(57)!, PredictionRole.Primary, "No"), (primary.Id(99)!, PredictionRole.Primary, "Yes"),
             (shadow.Id(0)!, PredictionRole.Shadow, "Yes"), (shadow.Id(57)!, PredictionRole.Shadow, "No"), (shadow.Id(99)!, PredictionRole.Shadow, "Yes")],
            labelled.Select(l => (l.Id, l.Role, l.Label!)));
        Assert.Equal(primary.Id(57), labelled[4].PrimaryId);
        Assert.Equal(primary.Entry(57).OutputJson, labelled[1].OutputJson);
        Assert.Equal([T0.AddSeconds(1), T0.AddSeconds(2)], labelled.Select(l => l.Time).Distinct());
        Assert.Empty(await Store.Predictions.ReadLabelledAsync("churn", since: T0.AddSeconds(3)));
    }

    [Fact]
    public async Task ReadAsync_whileFlushesCommit_seesEachFlushWholeOrNotAtAll()
    {
        // A flush writes a pack and a single row in one transaction; a read takes its rows and its packs in two statements. Both must
        // see the same state: one that saw the pack without the row could hand a reader rows past ones it never sees.
        const int Flushes = 150;
        var written = 0;
        var writer = Task.Run(async () =>
        {
            for (var k = 0; k < Flushes; k++)
            {
                var time = T0.AddMilliseconds(k);
                var packed = Batch(PredictionLogPack.MinRows, time, PredictionRole.Primary, primary: false);
                var single = PredictionLogBatch.Of(new PredictionLogEntry("churn", 1, time, "{}", """{"label":"Yes"}""") { Id = PredictionId.New(time) });
                await Store.Predictions.AppendRowsAsync(new PredictionLogRows([new PredictionLogSlice(packed, 0, packed.Count), new PredictionLogSlice(single, 0, 1)]));
                Volatile.Write(ref written, k + 1);
            }
        });
        var torn = new List<int>();
        var reads = 0;
        while (!writer.IsCompleted)
        {
            // From the last flush known written: that one whole, perhaps the next, never part of one.
            var since = T0.AddMilliseconds(Math.Max(0, Volatile.Read(ref written) - 1));
            var count = (await Store.Predictions.ReadAsync("churn", since: since, limit: 100_000)).Count;
            reads++;
            if (count % (PredictionLogPack.MinRows + 1) != 0) torn.Add(count);
        }
        await writer;

        Assert.True(reads > 10, $"only {reads} reads ran beside the flushes");
        Assert.Empty(torn);
        Assert.Equal(Flushes * (PredictionLogPack.MinRows + 1), (await Store.Predictions.ReadAsync("churn", limit: 100_000)).Count);
    }

    // A batch of rows as the server queues a request's: ids made together, inputs with text that needs escaping, a key never.
    private static PredictionLogBatch Batch(int count, DateTimeOffset time, PredictionRole role, bool primary, string model = "churn", string[]? primaryIds = null)
    {
        var ids = new Guid[count];
        PredictionId.NewMany(time, ids);
        using var builder = new PredictionLogBatchBuilder(count);
        for (var i = 0; i < count; i++)
        {
            builder.Json.WriteStartObject();
            builder.Json.WriteString("city", i % 7 == 0 ? "Zürich ☕ 𝄞 \"q\"\t" : "Oslo");
            builder.Json.WriteNumber("tenure", i + 0.25);
            builder.Json.WriteEndObject();
            builder.EndInputs();
            builder.Json.WriteStartObject();
            builder.Json.WriteString("label", i % 3 == 0 ? "Yes" : "No");
            builder.Json.WriteNumber("probability", i / 1000.0);
            builder.Json.WriteEndObject();
            if (primaryIds is not null) builder.EndRow(ids[i].ToString(), null, primaryIds[i]);
            else builder.EndRow(ids[i], null, primary && i % 2 == 0 ? Guid.CreateVersion7(time) : null);
        }
        return builder.Build(model, 2, time, role);
    }
}
