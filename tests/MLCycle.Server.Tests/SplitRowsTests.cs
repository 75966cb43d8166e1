using System.Text;
using System.Text.Json;
using MLCycle.Server.Admission;
using MLCycle.Server.Apis;

namespace MLCycle.Server.Tests;

/// <summary>A large v1 body parsed in two halves at once (ADR 0080) reads as the body parsed whole: the same rows, values and faults,
/// wherever the cut falls and however the body arrives.</summary>
public sealed class SplitRowsTests
{
    private static readonly string[] Strings = ["a,b", "]", "}", "[{", "\\\"", "\\\\", "x\\\\\\\"],", "\\u005D", "é,ü]", ""];

    [Theory]
    [InlineData(1_024, 65_536, false)]
    [InlineData(3_000, 7, false)]
    [InlineData(5_000, 65_536, true)]
    [InlineData(10_000, 4_096, false)]
    public async Task ReadAsync_manyRows_areCutInTwoAndReadAsWhole(int count, int chunk, bool byteOrderMark)
    {
        var body = Body(Rows(count, seed: count), byteOrderMark, separator: " ,\n\t");

        var (pooled, _, counted, split) = await CountedBody.ReadAsync(new CountedBodyTests.Trickle(body, chunk), tensors: false, _ => null, default);
        using (pooled)
        {
            Assert.Equal(count, counted);
            var cut = Assert.NotNull(split);
            // The cut falls where a row begins, near the middle.
            Assert.Equal((byte)'{', pooled!.Bytes.Span[cut.SecondStart]);
            Assert.InRange(cut.FirstRows, count / 2 - 512, count / 2 + 512);
            using var halves = Assert.IsType<SplitRows>(SplitRows.TryParse(pooled.Bytes.Span, cut));
            Assert.Equal(cut.FirstRows, halves.First.RootElement.GetProperty("rows").GetArrayLength());
            Assert.Equal(count - cut.FirstRows, halves.Second.RootElement.GetArrayLength());
        }
        await AssertReadAsWholeAsync(body, chunk, halves: true);
    }

    [Theory]
    [InlineData(1_023)]
    [InlineData(1)]
    public async Task ReadAsync_fewerThan1024Rows_isParsedWhole(int count)
    {
        var body = Body(Rows(count, seed: 3), byteOrderMark: false, separator: ",");

        var (pooled, _, _, split) = await CountedBody.ReadAsync(new MemoryStream(body), tensors: false, _ => null, default);
        pooled!.Dispose();

        Assert.Null(split);
        await AssertReadAsWholeAsync(body, 65_536, halves: false);
    }

    [Fact]
    public async Task Dispose_twice_givesTheBytesBackOnce()
    {
        var body = Body(Rows(2_000, seed: 4), byteOrderMark: false, separator: ",");
        var (pooled, _, _, split) = await CountedBody.ReadAsync(new MemoryStream(body), tensors: false, _ => null, default);
        using (pooled)
        {
            var halves = Assert.IsType<SplitRows>(SplitRows.TryParse(pooled!.Bytes.Span, split!.Value));

            halves.Dispose();
            halves.Dispose();

            // Given back twice, the pool would lend the same array to the next two renters: two requests over one buffer.
            var first = System.Buffers.ArrayPool<byte>.Shared.Rent(body.Length + 1);
            var second = System.Buffers.ArrayPool<byte>.Shared.Rent(body.Length + 1);
            Assert.NotSame(first, second);
        }
    }

    [Theory]
    // A row that is not an object, in the second half: its index counts the first half's rows.
    [InlineData(2_900, "5")]
    [InlineData(2_900, "[1,2]")]
    // A row that names a column twice, and one of other names, in the second half.
    [InlineData(2_500, """{"plan":"basic","plan":"pro","tenure":3}""")]
    [InlineData(2_999, """{"other":1}""")]
    // A row as deep as the body allows (64 levels in all, the body's object, the rows' array and the row's object among them).
    [InlineData(2_800, "DEEP61")]
    // One level deeper than the body allows: refused, though the second half alone would not be too deep.
    [InlineData(2_800, "DEEP62")]
    public async Task ReadAsync_oddRowInTheSecondHalf_faultsAsWhole(int at, string row)
    {
        var rows = Rows(3_000, seed: 5);
        rows[at] = row.StartsWith("DEEP", StringComparison.Ordinal) ? Deep(int.Parse(row[4..])) : row;

        // Too deep for the body, the skim stops counting and the body is parsed whole; every other row is cut from the rest.
        await AssertReadAsWholeAsync(Body(rows, byteOrderMark: false, separator: ","), 65_536, halves: row != "DEEP62");
    }

    [Theory]
    [InlineData("""{"rows":[ROWS],"rows":[{"a":1}]}""")]
    [InlineData("""{"rows":[ROWS],"rows":5}""")]
    [InlineData("""{"rows":[ROWS],"after":{"x":[1,"]"]}}""")]
    [InlineData("""{"rows":[ROWS]}   """)]
    [InlineData("""{"rows":[ROWS]} x""")]
    [InlineData("""{"rows":[ROWS],}""")]
    [InlineData("""{"rows":[ROWS]""")]
    [InlineData("""{"rows":[ROWS,]}""")]
    [InlineData("""[{"rows":[ROWS]}]""")]
    [InlineData("""{"rows":[ROWS],"s":"\ud800"}""")]
    public async Task ReadAsync_oddBodyAroundManyRows_readsAsWhole(string shape)
    {
        var rows = string.Join(",", Rows(2_100, seed: 9));
        await AssertReadAsWholeAsync(Encoding.UTF8.GetBytes(shape.Replace("ROWS", rows, StringComparison.Ordinal)), 65_536, halves: null);
    }

    // Reads the body as the route does (rows counted as they arrive, so cut in two when it can be) and whole (no counting, no cut),
    // and compares what the two found; with `halves`, also whether the route's read was cut in two.
    private static async Task AssertReadAsWholeAsync(byte[] body, int chunk, bool? halves)
    {
        using var whole = await PredictRequestReader.ReadAsync(new MemoryStream(body), CancellationToken.None);
        using var split = await PredictRequestReader.ReadAsync(new CountedBodyTests.Trickle(body, chunk), _ => null, CancellationToken.None);

        Assert.False(whole.ParsedInHalves);
        if (halves is { } expected) Assert.Equal(expected, split.ParsedInHalves);
        Assert.Equal(whole.Errors.Select(e => (e.Row, e.Field, e.Reason)), split.Errors.Select(e => (e.Row, e.Field, e.Reason)));
        Assert.Equal(whole.Rows.Count, split.Rows.Count);
        for (var r = 0; r < whole.Rows.Count; r++)
        {
            Assert.Equal(Show(whole.Rows[r]), Show(split.Rows[r]));
        }
    }

    private static string Show(IReadOnlyDictionary<string, JsonElement> row) =>
        string.Join(";", row.Select(p => $"{p.Key}={p.Value.ValueKind}:{p.Value.GetRawText()}"));

    // Seeded rows of one shape, with strings that hold what a cut by structure could take for a row's end, and some nesting.
    private static string[] Rows(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
            $$$"""{"plan":"{{{Strings[random.Next(Strings.Length)]}}}","tenure":{{{random.Next(72)}}},"extra":{"x":[1,{"y":"}],{"}]}}""")];
    }

    private static byte[] Body(string[] rows, bool byteOrderMark, string separator)
    {
        var json = $$"""{ "rows" :{{"\n"}}[ {{string.Join(separator, rows)}} ] , "after" : [ [ 1 ] , "]" ] }""";
        var bytes = Encoding.UTF8.GetBytes(json);
        return byteOrderMark ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    // A row whose value nests `levels` arrays inside the row's object.
    private static string Deep(int levels) => "{\"d\":" + new string('[', levels) + new string(']', levels) + "}";
}
