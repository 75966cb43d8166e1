using System.Text;
using MLCycle.Server.Admission;
using MLCycle.Server.Apis;

namespace MLCycle.Server.Tests;

/// <summary>The body skim admission control counts rows with: exact counts whatever the chunking, and reading stops at the refusal.</summary>
public sealed class CountedBodyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(65_536)]
    public async Task ReadAsync_v1RowsInAnyChunks_countsEveryRowOnce(int chunk)
    {
        var rows = string.Join(',', Enumerable.Range(0, 1_000).Select(i => $$"""{"a":{{i}},"rows":[1,2],"b":"x"}"""));
        var body = Encoding.UTF8.GetBytes($$"""{"meta":{"rows":[9,9]},"rows":[{{rows}}],"after":[1]}""");
        var reserved = 0;

        var (read, refusal, counted, _) = await CountedBody.ReadAsync(new Trickle(body, chunk), tensors: false, n => { reserved += n; return null; }, default);
        using var pooled = read!;

        Assert.Null(refusal);
        Assert.Equal(1_000, counted);
        Assert.Equal(1_000, reserved);
        // About 30 KB: the pooled buffer grew past its first 16 KB and kept every byte in order.
        Assert.Equal(body, pooled.Bytes.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(65_536)]
    public async Task ReadAsync_v1RowsWithBracketsQuotesAndCommasInStrings_countsWhatTheParseFinds(int chunk)
    {
        // Seeded rows whose strings hold what a count by structure could take for it, nested values, and whitespace between.
        var random = new Random(11);
        string[] strings = ["a,b", "]", "}", "[{", "\\\"", "\\\\", "x\\\\\\\"],", "\\u005D", "é,ü]", ""];
        var rows = Enumerable.Range(0, 500).Select(i => (i % 7) switch
        {
            0 => "{}",
            1 => $$"""{"s":"{{strings[random.Next(strings.Length)]}}","n":{{i}}}""",
            2 => $$"""{ "nested" : [ 1 , [ 2, { "deep": "{{strings[random.Next(strings.Length)]}}" } ] ] ,"t" : "]}" }""",
            3 => "{\"" + strings[random.Next(strings.Length)] + "\":[],\"o\":{\"a\":{\"b\":[\",\",\",\"]}}}",
            _ => $$"""{"plan":"basic","tenure":{{random.Next(72)}},"note":"{{strings[random.Next(strings.Length)]}}"}""",
        });
        var json = $$"""{ "rows" :{{"\n"}}[ {{string.Join(" ,\n\t", rows)}} ] , "after" : [ [ 1 ] , "]" ] }""";
        var body = Encoding.UTF8.GetBytes(json);
        using var document = System.Text.Json.JsonDocument.Parse(body);

        var (read, _, counted, _) = await CountedBody.ReadAsync(new Trickle(body, chunk), tensors: false, _ => null, default);
        read!.Dispose();

        Assert.Equal(500, document.RootElement.GetProperty("rows").GetArrayLength());
        Assert.Equal(500, counted);
    }

    [Theory]
    [InlineData("""{"rows":[]}""", 0)]
    [InlineData("""{"rows":[ ]}""", 0)]
    [InlineData("""{"rows":[1,"two",[3],{"four":4},null]}""", 5)]
    [InlineData("""{"\u0072ows":[{"a":1},{"a":2}]}""", 2)]
    [InlineData("""{"meta":{"rows":[{"a":1}]},"rows":[{"a":1}]}""", 1)]
    public async Task ReadAsync_v1EdgeBodies_countsTheRowsArraysElements(string json, int expected)
    {
        var (read, _, counted, _) = await CountedBody.ReadAsync(new Trickle(Encoding.UTF8.GetBytes(json), 2), tensors: false, _ => null, default);
        read!.Dispose();

        Assert.Equal(expected, counted);
    }

    [Theory]
    [InlineData("""{"id":"1","inputs":[{"name":"a","shape":[3,1],"datatype":"FP64","data":[1,2,3]},{"name":"b","shape":[5],"data":[]}]}""", 3)]
    [InlineData("""{"inputs":[{"name":"a","data":[1,2,3],"datatype":"FP64","shape":[3]}]}""", 3)]
    [InlineData("""{"inputs":[{"name":"a","data":[1,2,3],"datatype":"FP64"}]}""", 0)]
    [InlineData("""{"inputs":[{"name":"a","shape":[],"data":[1]}]}""", 0)]
    public async Task ReadAsync_v2Tensors_countsTheFirstShapeDimension(string json, int expected)
    {
        var (_, _, counted, _) = await CountedBody.ReadAsync(new Trickle(Encoding.UTF8.GetBytes(json), 5), tensors: true, _ => null, default);

        Assert.Equal(expected, counted);
    }

    [Fact]
    public async Task ReadAsync_refused_stopsReadingAtOnce()
    {
        var rows = string.Join(',', Enumerable.Repeat("""{"tenure":1,"plan":"basic"}""", 100_000));
        var body = Encoding.UTF8.GetBytes($$"""{"rows":[{{rows}}]}""");
        var stream = new Trickle(body, 64 * 1024);
        var refusal = new AdmissionRefusal(429, "full");

        var (read, refused, _, _) = await CountedBody.ReadAsync(stream, tensors: false, _ => refusal, default);

        Assert.Null(read);
        Assert.Same(refusal, refused);
        // One read of the 2.7 MB body, no more: the first buffer's worth.
        Assert.InRange(stream.Position, 1, 64 * 1024);
    }

    [Fact]
    public async Task ReadAsync_malformedOrWithByteOrderMark_readsTheWholeBodyWithoutThrowing()
    {
        var malformed = Encoding.UTF8.GetBytes("""{"rows":[{"a":1},{"a":}, {"a":2}]}""");
        var marked = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("""{"rows":[{"a":1},{"a":2}]}""")).ToArray();

        var (bytes, _, counted, _) = await CountedBody.ReadAsync(new Trickle(malformed, 3), tensors: false, _ => null, default);
        var (withoutMark, _, markedCount, _) = await CountedBody.ReadAsync(new Trickle(marked, 3), tensors: false, _ => null, default);
        using var malformedBody = bytes!;
        using var markedBody = withoutMark!;

        Assert.Equal(malformed, malformedBody.Bytes.ToArray());
        // Rows are counted as they begin: the second began before the error, the third is never reached.
        Assert.Equal(2, counted);
        Assert.Equal(marked[3..], markedBody.Bytes.ToArray());
        Assert.Equal(2, markedCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task ReadAsync_byteOrderMarkSplitAcrossReads_countsEveryRow(int chunk)
    {
        // A mark that arrives a byte or two at a time is a mark, not a fault that stops the count (and the early refusal with it).
        var marked = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("""{"rows":[{"a":1},{"a":2},{"a":3}]}""")).ToArray();
        var reserved = 0;

        var (body, _, counted, _) = await CountedBody.ReadAsync(new Trickle(marked, chunk), tensors: false, n => { reserved += n; return null; }, default);
        using var read = body!;

        Assert.Equal(3, counted);
        Assert.Equal(3, reserved);
        Assert.Equal(marked[3..], read.Bytes.ToArray());
    }

    [Fact]
    public async Task PredictReader_oneRowBody_allocatesFarLessThanAReadBuffer()
    {
        // A one-row prediction is the serving hot path: its read buffer comes from the pool, so what is left is the parse itself.
        // A new 64 KB buffer per request (as before) made gen-0 collections, and the latency tail at concurrency 1, four times as frequent.
        var body = Encoding.UTF8.GetBytes("""{"rows":[{"tenure":12,"plan":"basic","monthly_charges":70.35,"contract":"Month-to-month"}]}""");
        for (var i = 0; i < 50; i++) (await PredictRequestReader.ReadAsync(new MemoryStream(body), _ => null, default)).Dispose();

        var before = GC.GetAllocatedBytesForCurrentThread();
        using (var reader = await PredictRequestReader.ReadAsync(new MemoryStream(body), _ => null, default))
        {
            Assert.Single(reader.Rows);
            Assert.Equal(70.35, reader.Rows[0]["monthly_charges"].GetDouble());
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 1, 8 * 1024);
    }

    [Theory]
    [InlineData(40_000, true)]
    [InlineData(40_001, false)]
    public async Task ReadBoundedAsync_bodyAtOrPastTheLimit_isReadWholeOrRefused(int length, bool read)
    {
        var body = Enumerable.Range(0, length).Select(i => (byte)('a' + i % 26)).ToArray();

        using var pooled = await PooledBody.ReadBoundedAsync(new Trickle(body, 7_000), 40_000, default);

        Assert.Equal(read, pooled is not null);
        if (pooled is not null) Assert.Equal(body, pooled.Bytes.ToArray());
    }

    /// <summary>A body that arrives at most <c>chunk</c> bytes per read, as a slow network would deliver it.</summary>
    internal sealed class Trickle(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
