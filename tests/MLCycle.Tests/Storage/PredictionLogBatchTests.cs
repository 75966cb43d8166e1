using MLCycle.Monitoring;

namespace MLCycle.Tests.Storage;

public sealed class PredictionLogBatchTests
{
    [Fact]
    public void Builder_rowsWithEveryKindOfText_giveBackEachRowsJsonAndTextsAsWritten()
    {
        // Null, empty, non-ASCII and long texts, in rows of their own, so an offset off by one field or one row shows.
        (string? Id, string? Key, string? Primary)[] texts =
        [
            ("0190a8f2-7c4e-7000-8000-000000000001", null, null),
            ("", "", "p"),
            (null, "clé \u00e9\u4e2d\ud83d\ude00\u0001\t\u001b", null),
            ("id-3", new string('k', 5_000), "0190a8f2-7c4e-7000-8000-000000000001"),
        ];
        using var builder = new PredictionLogBatchBuilder(texts.Length, bytesPerRow: 1);
        for (var i = 0; i < texts.Length; i++)
        {
            builder.Json.WriteStartObject();
            builder.Json.WriteNumber("row", i);
            builder.Json.WriteEndObject();
            builder.EndInputs();
            builder.Json.WriteStringValue($"out{i}");
            builder.EndRow(texts[i].Id, texts[i].Key, texts[i].Primary);
        }
        var batch = builder.Build("churn", 2, DateTimeOffset.UnixEpoch, PredictionRole.Shadow);

        Assert.Equal(texts, Enumerable.Range(0, batch.Count).Select(r => (batch.Id(r), batch.Key(r), batch.PrimaryId(r))));
        Assert.Equal(Enumerable.Range(0, texts.Length).Select(i => $$"""{"row":{{i}}}"""), Enumerable.Range(0, batch.Count).Select(r => Utf8(batch.Inputs(r))));
        Assert.Equal(Enumerable.Range(0, texts.Length).Select(i => $"\"out{i}\""), Enumerable.Range(0, batch.Count).Select(r => Utf8(batch.Output(r))));
        // A missing text is null, an empty one is empty: the store binds NULL for the first and '' for the second.
        Assert.Null(batch.IdUtf8(2));
        Assert.Equal(0, batch.IdUtf8(1)!.Value.Length);
        batch.Release();
        Assert.Throws<ObjectDisposedException>(() => batch.Id(0));
    }

    [Fact]
    public void Builder_idsAsValues_giveTheSameBatchAsTheirTexts()
    {
        var ids = new Guid[3];
        PredictionId.NewMany(DateTimeOffset.UnixEpoch.AddYears(56), ids);
        (Guid Id, string? Key, Guid? Primary)[] rows = [(ids[0], null, null), (ids[1], "k\u00e9", ids[0]), (ids[2], "", null)];
        using var asValues = new PredictionLogBatchBuilder(rows.Length, bytesPerRow: 1);
        using var asTexts = new PredictionLogBatchBuilder(rows.Length, bytesPerRow: 1);
        foreach (var (id, key, primary) in rows)
        {
            foreach (var builder in new[] { asValues, asTexts })
            {
                builder.Json.WriteStartObject();
                builder.Json.WriteEndObject();
                builder.EndInputs();
                builder.Json.WriteNumberValue(1);
            }
            asValues.EndRow(id, key, primary);
            asTexts.EndRow(id.ToString(), key, primary?.ToString());
        }
        var fromValues = asValues.Build("churn", 1, DateTimeOffset.UnixEpoch, PredictionRole.Shadow);
        var fromTexts = asTexts.Build("churn", 1, DateTimeOffset.UnixEpoch, PredictionRole.Shadow);

        Assert.Equal(
            Enumerable.Range(0, 3).Select(r => (fromTexts.Id(r), fromTexts.Key(r), fromTexts.PrimaryId(r), Utf8(fromTexts.Output(r)))),
            Enumerable.Range(0, 3).Select(r => (fromValues.Id(r), fromValues.Key(r), fromValues.PrimaryId(r), Utf8(fromValues.Output(r)))));
        Assert.Null(fromValues.PrimaryId(0));
        Assert.Equal(ids[0].ToString(), fromValues.PrimaryId(1));
        fromValues.Release();
        fromTexts.Release();
    }

    [Fact]
    public void Of_entry_keepsItsTextsAndJson()
    {
        var entry = new PredictionLogEntry("churn", 3, DateTimeOffset.FromUnixTimeSeconds(7), """{"tenure":1}""", """{"label":"Y\u00e9s"}""")
        {
            Id = "id-\u00e9", Key = null, PrimaryId = "", Role = PredictionRole.Canary,
        };

        var batch = PredictionLogBatch.Of(entry);

        Assert.Equal(entry, batch.Entry(0));
        Assert.Null(batch.KeyUtf8(0));
        Assert.Equal(0, batch.PrimaryIdUtf8(0)!.Value.Length);
    }

    [Fact]
    public void Builder_noRowsOrNotBuilt_givesItsArraysBackOnceAndRefusesUseAfter()
    {
        using (var empty = new PredictionLogBatchBuilder(0))
        {
            var batch = empty.Build("churn", 1, DateTimeOffset.UnixEpoch, PredictionRole.Primary);
            Assert.Equal(0, batch.Count);
            batch.Release();
            batch.Release();
        }
        using (var abandoned = new PredictionLogBatchBuilder(3))
        {
            abandoned.Json.WriteStartObject();
            abandoned.Json.WriteEndObject();
            abandoned.EndInputs();
        }
        // A builder whose batch was built cannot build another over the same (now the batch's) arrays.
        using var once = new PredictionLogBatchBuilder(1);
        once.Build("churn", 1, DateTimeOffset.UnixEpoch, PredictionRole.Primary).Release();
        Assert.Throws<ObjectDisposedException>(() => once.Build("churn", 1, DateTimeOffset.UnixEpoch, PredictionRole.Primary));
        // Nor write a row into them: they may be another batch's by now.
        Assert.Throws<ObjectDisposedException>(once.EndInputs);
    }

    [Fact]
    public void Builder_tenThousandRows_allocatesNothingPerRow()
    {
        // A queued batch lives about a second under load; an object per row kept in it is a survivor at every young collection
        // meanwhile (ADR 0070). Built twice: the first fills the array pools, the second must take everything from them.
        var ids = Enumerable.Range(0, 10_000).Select(i => PredictionId.New(DateTimeOffset.UnixEpoch)).ToArray();
        Build(ids).Release();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var batch = Build(ids);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ids, Enumerable.Range(0, batch.Count).Select(batch.Id));
        batch.Release();
        // The builder, its JSON writer and the batch: a few hundred bytes, not 10,000 ids' worth (about 1 MB as strings).
        Assert.InRange(allocated, 0, 4_096);

        static PredictionLogBatch Build(string[] ids)
        {
            using var builder = new PredictionLogBatchBuilder(ids.Length);
            foreach (var id in ids)
            {
                builder.Json.WriteStartObject();
                builder.Json.WriteNumber("tenure", 12);
                builder.Json.WriteEndObject();
                builder.EndInputs();
                builder.Json.WriteStringValue("Yes");
                builder.EndRow(id, key: "7590-VHVEG");
            }
            return builder.Build("churn", 1, DateTimeOffset.UnixEpoch, PredictionRole.Primary);
        }
    }

    [Fact]
    public void Build_keepsNoneOfTheCallersStrings()
    {
        // What a queued batch keeps alive is what every young collection must copy until the flush (ADR 0070): the texts are
        // copied into its buffer, so the strings the request made can be collected while the batch waits.
        var expected = Enumerable.Range(0, 100).Select(i => $"id-{i}").ToArray();
        var (batch, made) = BuildFromFreshStrings(expected);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.DoesNotContain(made, w => w.IsAlive);
        Assert.Equal(expected, Enumerable.Range(0, batch.Count).Select(batch.Id));
        Assert.Equal(expected.Select(e => "key-" + e), Enumerable.Range(0, batch.Count).Select(batch.Key));
        batch.Release();
    }

    // Not inlined, so no local of the caller's keeps the strings alive.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (PredictionLogBatch Batch, WeakReference[] Made) BuildFromFreshStrings(string[] texts)
    {
        var made = new List<WeakReference>();
        using var builder = new PredictionLogBatchBuilder(texts.Length);
        foreach (var text in texts)
        {
            builder.Json.WriteNullValue();
            builder.EndInputs();
            builder.Json.WriteNullValue();
            string id = new(text.AsSpan()), key = "key-" + text;
            made.Add(new WeakReference(id));
            made.Add(new WeakReference(key));
            builder.EndRow(id, key);
        }
        return (builder.Build("churn", 1, DateTimeOffset.UnixEpoch, PredictionRole.Primary), [.. made]);
    }

    private static string Utf8(ReadOnlyMemory<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes.Span);
}
