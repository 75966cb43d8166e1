using System.Data.Common;
using Microsoft.Data.Sqlite;
using MLCycle.Monitoring;
using MLCycle.Storage;
using Npgsql;

namespace MLCycle.Tests.Storage;

/// <summary>Every behaviour of <see cref="IPredictionLog"/>; each backend inherits it.</summary>
public abstract partial class PredictionLogContract : StoreContract
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

    [Fact]
    public async Task ReadAsync_unknownModel_isEmpty() => Assert.Empty(await Store.Predictions.ReadAsync("nope"));

    private static PredictionLogEntry Entry(string model, int version, int second) =>
        new(model, version, T0.AddSeconds(second), $$"""{"tenure":{{second}}}""", """{"label":"Yes"}""");
}
