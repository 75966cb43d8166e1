using System.Data.Common;
using Microsoft.Data.Sqlite;
using MLCycle.Monitoring;
using MLCycle.Storage;
using Npgsql;

namespace MLCycle.Tests.Storage;

/// <summary>Every behaviour of <see cref="IPredictionLog"/>; each backend inherits it.</summary>
public abstract class PredictionLogContract : StoreContract
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);

    [Fact]
    public async Task ReadAsync_appendedEntries_comeBackOldestFirstForThatModel()
    {
        await Store.Predictions.AppendAsync([Entry("churn", 2, 5), Entry("churn", 1, 1), Entry("housing", 1, 2)]);

        var read = await Store.Predictions.ReadAsync("churn");

        Assert.Equal([Entry("churn", 1, 1), Entry("churn", 2, 5)], read);
    }

    [Fact]
    public async Task ReadAsync_sinceAndLimit_returnTheFirstEntriesFromThatTime()
    {
        await Store.Predictions.AppendAsync([.. Enumerable.Range(0, 10).Select(i => Entry("churn", 1, i))]);

        var read = await Store.Predictions.ReadAsync("churn", since: T0.AddSeconds(4), limit: 3);

        Assert.Equal([4.0, 5, 6], read.Select(e => (e.Time - T0).TotalSeconds));
    }

    [Fact]
    public async Task ReadLabelledAsync_shadowOfAnsweredPrediction_getsTheOutcomeSentForTheAnsweredId()
    {
        var answered = PredictionId.New(T0);
        var shadow = PredictionId.New(T0);
        var unrelated = PredictionId.New(T0);
        await Store.Predictions.AppendAsync([
            Entry("churn", 1, 1) with { Id = answered },
            Entry("churn", 2, 1) with { Id = shadow, Role = PredictionRole.Shadow, PrimaryId = answered },
            Entry("churn", 2, 2) with { Id = unrelated, Role = PredictionRole.Canary },
        ]);
        await Store.Predictions.AddOutcomesAsync("churn", [new PredictionOutcome(answered, "Yes", null)]);

        var labelled = await Store.Predictions.ReadLabelledAsync("churn");
        var read = await Store.Predictions.ReadAsync("churn");

        Assert.Equal([(answered, 1, PredictionRole.Primary, "Yes"), (shadow, 2, PredictionRole.Shadow, "Yes")],
            labelled.Select(l => (l.Id, l.Version, l.Role, l.Label)).OrderBy(l => l.Version));
        Assert.Equal(answered, labelled.Single(l => l.Role == PredictionRole.Shadow).PrimaryId);
        Assert.Equal([PredictionRole.Primary, PredictionRole.Shadow, PredictionRole.Canary], read.Select(e => e.Role));
        Assert.Equal(answered, read[1].PrimaryId);
    }

    [Fact]
    public async Task ReadAsync_entryWithId_comesBackWithIt()
    {
        var id = PredictionId.New(T0);
        await Store.Predictions.AppendAsync([Entry("churn", 1, 1) with { Id = id }]);

        var read = await Store.Predictions.ReadAsync("churn");

        Assert.Equal(id, Assert.Single(read).Id);
    }

    [Fact]
    public async Task AddDroppedAsync_sameDayTwice_adds()
    {
        var day = DateOnly.FromDateTime(T0.UtcDateTime);
        await Store.Predictions.AddDroppedAsync("churn", day, 3);
        await Store.Predictions.AddDroppedAsync("churn", day, 4);
        await Store.Predictions.AddDroppedAsync("churn", day.AddDays(2), 5);

        Assert.Equal(12, await Store.Predictions.CountDroppedAsync("churn"));
        Assert.Equal(5, await Store.Predictions.CountDroppedAsync("churn", since: T0.AddDays(1)));
    }

    [Fact]
    public async Task AddOutcomesAsync_sameIdTwice_lastWinsAndJoinsItsPrediction()
    {
        var (a, b) = (PredictionId.New(T0), PredictionId.New(T0));
        await Store.Predictions.AppendAsync([Entry("churn", 1, 1) with { Id = a }, Entry("churn", 2, 2) with { Id = b }, Entry("churn", 1, 3) with { Id = PredictionId.New(T0) }]);

        Assert.Equal(new HashSet<string> { a, b }, await Store.Predictions.FindIdsAsync("churn", [a, b, "nope"]));
        Assert.Empty(await Store.Predictions.FindIdsAsync("housing", [a]));
        await Store.Predictions.AddOutcomesAsync("churn", [new PredictionOutcome(a, "No", null), new PredictionOutcome(b, "Yes", null)]);
        await Store.Predictions.AddOutcomesAsync("churn", [new PredictionOutcome(a, "Yes", null)]);

        var labelled = await Store.Predictions.ReadLabelledAsync("churn");
        Assert.Equal([(a, 1, "Yes"), (b, 2, "Yes")], labelled.Select(l => (l.Id, l.Version, l.Label!)));
        Assert.Equal("""{"label":"Yes"}""", labelled[0].OutputJson);
    }

    [Fact]
    public async Task FindByKeysAsync_keyPredictedSeveralTimes_findsTheLatestAnsweredPredictionPerVersionBeforeTheCutoff()
    {
        var ids = Enumerable.Range(0, 7).Select(_ => PredictionId.New(T0)).ToArray();
        await Store.Predictions.AppendAsync([
            Entry("churn", 1, 1) with { Id = ids[0], Key = "7590-VHVEG" },
            Entry("churn", 1, 2) with { Id = ids[1], Key = "7590-VHVEG" },
            Entry("churn", 2, 3) with { Id = ids[2], Key = "7590-VHVEG", Role = PredictionRole.Canary },
            Entry("churn", 3, 4) with { Id = ids[3], Key = "7590-VHVEG", Role = PredictionRole.Shadow, PrimaryId = ids[2] },
            Entry("churn", 1, 9) with { Id = ids[4], Key = "7590-VHVEG" },
            Entry("churn", 1, 2) with { Id = ids[5], Key = "5575-GNVDE" },
            Entry("housing", 1, 2) with { Id = ids[6], Key = "7590-VHVEG" },
        ]);

        var found = await Store.Predictions.FindByKeysAsync("churn", ["7590-VHVEG", "5575-GNVDE", "0000-NOPE"], before: T0.AddSeconds(5));

        Assert.Equal([new KeyedPrediction("5575-GNVDE", ids[5], 1), new KeyedPrediction("7590-VHVEG", ids[1], 1), new KeyedPrediction("7590-VHVEG", ids[2], 2)],
            found.OrderBy(f => f.Key, StringComparer.Ordinal).ThenBy(f => f.Version));
        Assert.Equal("7590-VHVEG", (await Store.Predictions.ReadAsync("churn"))[0].Key);
    }

    [Fact]
    public async Task AppendAsync_everyField_comesBackAsWritten()
    {
        var answered = PredictionId.New(T0);
        PredictionLogEntry[] entries =
        [
            Entry("churn", 3, 1) with { Id = answered, Key = "7590-VHVEG" },
            new PredictionLogEntry("churn", 4, T0.AddMilliseconds(1_001), """{"city":"Zürich ☕ 𝄞","note":"tab\tand \"quote\""}""", """{"label":"Oui"}""")
            {
                Id = PredictionId.New(T0), Role = PredictionRole.Shadow, PrimaryId = answered, Key = new string('k', 256),
            },
            // No id: rows logged before ids had none.
            Entry("churn", 1, 2) with { Role = PredictionRole.Canary },
            new PredictionLogEntry("churn", int.MaxValue, T0.AddSeconds(3), $$"""{"text":"{{new string('x', 100_000)}}"}""", "{}") { Id = PredictionId.New(T0) },
        ];

        await Store.Predictions.AppendAsync(entries);

        Assert.Equal(entries, await Store.Predictions.ReadAsync("churn"));
    }

    [Fact]
    public async Task AppendAsync_thousandsOfEntries_allComeBackInOrder()
    {
        var entries = Enumerable.Range(0, 2_500).Select(i => Entry("churn", 1 + i % 3, i) with { Id = PredictionId.New(T0), Key = $"k{i % 7}" }).ToList();

        await Store.Predictions.AppendAsync(entries);

        Assert.Equal(entries, await Store.Predictions.ReadAsync("churn", limit: 5_000));
    }

    [Fact]
    public async Task AppendAsync_idRepeated_failsAsUniqueViolationAndWritesNoneOfTheBatch()
    {
        var kept = Entry("churn", 1, 1) with { Id = PredictionId.New(T0) };
        await Store.Predictions.AppendAsync([kept]);
        var repeated = PredictionId.New(T0);

        var withinBatch = await Assert.ThrowsAnyAsync<DbException>(() => Store.Predictions.AppendAsync(
            [Entry("churn", 1, 2) with { Id = PredictionId.New(T0) }, Entry("churn", 1, 3) with { Id = repeated }, Entry("churn", 1, 4) with { Id = repeated }]));
        var alreadyLogged = await Assert.ThrowsAnyAsync<DbException>(() => Store.Predictions.AppendAsync(
            [Entry("churn", 1, 5) with { Id = PredictionId.New(T0) }, Entry("churn", 1, 6) with { Id = kept.Id }]));

        Assert.All([withinBatch, alreadyLogged], ex => Assert.True(ex is SqliteException { SqliteExtendedErrorCode: 2067 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }, ex.ToString()));
        Assert.Equal([kept], await Store.Predictions.ReadAsync("churn"));
    }

    [Fact]
    public async Task AppendRowsAsync_slicesOfBatches_storeTheirUtf8AsTheEntriesItHolds()
    {
        var answered = PredictionId.New(T0);
        string?[] keys = ["7590-VHVEG", null, new string('k', 256), "Zürich 𝄞", null];
        using var builder = new PredictionLogBatchBuilder(keys.Length, bytesPerRow: 1);
        for (var i = 0; i < keys.Length; i++)
        {
            builder.Json.WriteStartObject();
            builder.Json.WriteString("city", i == 3 ? "Zürich ☕ 𝄞 \"q\"\t" : new string('x', i * 50_000));
            builder.Json.WriteNumber("tenure", i + 0.5);
            builder.Json.WriteEndObject();
            builder.EndInputs();
            builder.Json.WriteStartObject();
            builder.Json.WriteString("label", i % 2 == 0 ? "Oui" : "Non");
            builder.Json.WriteEndObject();
            builder.EndRow(PredictionId.New(T0), keys[i], i == 2 ? answered : null);
        }
        var batch = builder.Build("churn", 7, T0.AddMilliseconds(1_234), PredictionRole.Shadow);
        var single = PredictionLogBatch.Of(Entry("churn", 1, 9) with { Id = answered, Key = "k", Role = PredictionRole.Canary });
        var rows = new PredictionLogRows([new PredictionLogSlice(batch, 1, 3), new PredictionLogSlice(single, 0, 1), new PredictionLogSlice(batch, 4, 1)]);

        await Store.Predictions.AppendRowsAsync(rows);

        // Read back oldest first: the single entry (second 9) after the batch's rows (second 1.234), each part in its order.
        var expected = rows.ToEntries().OrderBy(e => e.Time).ToList();
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected, await Store.Predictions.ReadAsync("churn"));
    }

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

    [Fact]
    public async Task ReadAsync_unknownModel_isEmpty() => Assert.Empty(await Store.Predictions.ReadAsync("nope"));

    private static PredictionLogEntry Entry(string model, int version, int second) =>
        new(model, version, T0.AddSeconds(second), $$"""{"tenure":{{second}}}""", """{"label":"Yes"}""");
}
