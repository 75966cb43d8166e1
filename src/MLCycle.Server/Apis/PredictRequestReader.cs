using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using MLCycle.Server.Admission;
using MLCycle.Server.Json;

namespace MLCycle.Server.Apis;

/// <summary>Reads a predict body {"rows": [{...}, ...]} into rows of JSON values, or into the reasons it cannot.</summary>
internal sealed class PredictRequestReader : IDisposable
{
    /// <summary>The most rows one request may carry; larger batches belong to batch scoring.</summary>
    public const int MaxRows = 10_000;

    // The body parsed whole, or in two halves (SplitRows, which owns the bytes it parsed); null when it was not parsed.
    private readonly IDisposable? document;
    // The bytes the document was parsed over (it does not copy them): given back to the pool after the document is disposed.
    private readonly PooledBody? body;
    // The values of every row that names the first row's columns in its order, row after row, rented for the request (null until
    // the first row is read, and after Dispose); slots up to `written` may hold values and are cleared before it goes back.
    private JsonElement[]? values;
    private int written;
    // The first row's shape, which later rows are matched against and the rows over `values` share; released on Dispose so a row
    // kept past the reader throws instead of reading the pool.
    private JsonRow.Shape? shape;
    // While the rows are read: the next row's index, and where the next shaped row's values go.
    private int index;
    private int used;

    private PredictRequestReader(IDisposable? document, PooledBody? body, List<FieldError> errors)
    {
        this.document = document;
        this.body = body;
        Errors = errors;
    }

    /// <summary>The rows, valid while the reader is not disposed.</summary>
    public List<IReadOnlyDictionary<string, JsonElement>> Rows { get; } = [];

    public List<FieldError> Errors { get; }

    /// <summary>Whether the body was parsed in two halves at once (ADR 0080), for tests.</summary>
    internal bool ParsedInHalves => document is SplitRows;

    /// <summary>Why admission control stopped reading the body (its rows did not fit); null when it was read.</summary>
    public AdmissionRefusal? Refusal { get; private init; }

    public static Task<PredictRequestReader> ReadAsync(Stream body, CancellationToken ct) => ReadAsync(body, null, ct);

    /// <summary>Reads the body, reserving its rows with <paramref name="reserve"/> as they arrive.</summary>
    public static async Task<PredictRequestReader> ReadAsync(Stream body, Func<int, AdmissionRefusal?>? reserve, CancellationToken ct)
    {
        var (pooled, refusal, _, split) = await CountedBody.ReadAsync(body, tensors: false, reserve, ct);
        if (pooled is null) return new PredictRequestReader(null, null, []) { Refusal = refusal };
        // The JSON reader checks the structure but leaves a string's bytes to be decoded later, deep in scoring.
        var bytes = pooled.Bytes;
        if (InvalidUtf8At(bytes.Span) is { } offset)
        {
            var error = new FieldError(null, "$", $"the body is not valid UTF-8: byte {offset} (0x{bytes.Span[offset]:X2}) does not begin or continue a character");
            pooled.Dispose();
            return new PredictRequestReader(null, null, [error]);
        }
        // A body that escapes a surrogate is parsed whole, so the search for one reports its path in the body as sent.
        if (split is { } cut && Environment.ProcessorCount > 1 && !EscapedSurrogates.MayHaveOne(bytes.Span)
            && SplitRows.TryParse(bytes.Span, cut) is { } halves)
        {
            pooled.Dispose();
            var fromHalves = new PredictRequestReader(halves, null, []);
            fromHalves.ReadRows(halves.First.RootElement, halves.Second.RootElement);
            return fromHalves;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            pooled.Dispose();
            return new PredictRequestReader(null, null, [new FieldError(null, "$", $"malformed JSON: {ex.Message}")]);
        }
        if (EscapedSurrogates.FindUnpaired(bytes.Span, document.RootElement) is { } path)
        {
            document.Dispose();
            pooled.Dispose();
            return new PredictRequestReader(null, null, [new FieldError(null, path, EscapedSurrogates.Reason)]);
        }
        var reader = new PredictRequestReader(document, pooled, []);
        reader.ReadRows(document.RootElement, null);
        return reader;
    }

    public void Dispose()
    {
        shape?.Release();
        document?.Dispose();
        body?.Dispose();
        if (Interlocked.Exchange(ref values, null) is { Length: > 0 } rented)
        {
            // Cleared so the pool does not keep this request's document reachable through them.
            rented.AsSpan(0, written).Clear();
            ArrayPool<JsonElement>.Shared.Return(rented);
        }
    }

    internal static int? InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return null;
        var offset = 0;
        while (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) == OperationStatus.Done) offset += consumed;
        return offset;
    }

    // Reads the rows of root's "rows" array, then those of `more` (the second half of a body parsed in two, SplitRows), if any.
    private void ReadRows(JsonElement root, JsonElement? more)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Errors.Add(new FieldError(null, "$", $"expected a JSON object with a 'rows' array, found {Describe(root)}"));
            return;
        }
        if (!root.TryGetProperty("rows", out var rows))
        {
            Errors.Add(new FieldError(null, "rows", "missing: expected an array of row objects"));
            return;
        }
        if (Repeats(root, "rows"u8))
        {
            // Which of them was meant cannot be known; a parser keeping one (the last, as this one would) scores rows the caller may not have meant.
            Errors.Add(new FieldError(null, "rows", "given more than once: send one array of rows"));
            return;
        }
        if (rows.ValueKind != JsonValueKind.Array)
        {
            Errors.Add(new FieldError(null, "rows", $"expected an array of row objects, found {Describe(rows)}"));
            return;
        }
        var count = rows.GetArrayLength() + (more?.GetArrayLength() ?? 0);
        if (count is 0 or > MaxRows)
        {
            Errors.Add(new FieldError(null, "rows", count == 0 ? "empty: send at least one row" : $"{count} rows: at most {MaxRows} per request"));
            return;
        }
        // Sized once: 10,000 references are 80 KB, under the large object heap's threshold, which doubling past them crossed.
        Rows.Capacity = count;
        foreach (var row in rows.EnumerateArray()) ReadRow(row, count);
        if (more is { } second)
        {
            foreach (var row in second.EnumerateArray()) ReadRow(row, count);
        }
    }

    private void ReadRow(JsonElement row, int count)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            Errors.Add(new FieldError(index, "$", $"expected a row object, found {Describe(row)}"));
        }
        else if (shape is null)
        {
            // The first row's names (when distinct) become the shape later rows are matched against.
            var properties = row.EnumerateObject().Select(p => (p.Name, p.Value)).ToArray();
            shape = JsonRow.Shape.Of([.. properties.Select(p => p.Name)]);
            if (shape is null)
            {
                Rows.Add(Dictionary(row, index));
            }
            else
            {
                // One rented array holds the values of every row of this shape (this row's and the rest's at most), so a row
                // is one small object over its slice instead of an array of its own.
                var width = shape.Names.Length;
                values = width == 0 ? [] : ArrayPool<JsonElement>.Shared.Rent((count - index) * width);
                for (var i = 0; i < width; i++) values[i] = properties[i].Value;
                written = used = width;
                Rows.Add(new JsonRow(shape, values, 0, 1));
            }
        }
        else if (values is not null && Shaped(row, shape, values.AsSpan(used, shape.Names.Length), out written, used))
        {
            Rows.Add(new JsonRow(shape, values, used, 1));
            used += shape.Names.Length;
        }
        else
        {
            Rows.Add(Dictionary(row, index));
        }
        index++;
    }

    // Writes the row's values, in the shape's order, into its slice (which begins at `used`); false when its names differ from the
    // shape's (then it is read into a dictionary, and the slice is the next row's). `written` is the end of the slice, the furthest
    // slot that may hold a value, for Dispose to clear.
    private static bool Shaped(JsonElement row, JsonRow.Shape shape, Span<JsonElement> slice, out int written, int used)
    {
        written = used + slice.Length;
        var at = 0;
        foreach (var property in row.EnumerateObject())
        {
            if (at == slice.Length || !property.NameEquals(shape.Utf8[at])) return false;
            slice[at++] = property.Value;
        }
        return at == slice.Length;
    }

    // A row that does not share the first row's names, or names a column twice. A repeated name is refused, as the v2 route refuses
    // a repeated input: keeping one of its values (a dictionary keeps the last) would score, log and answer a value the caller may
    // not have meant, without a word.
    private Dictionary<string, JsonElement> Dictionary(JsonElement row, int index)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        HashSet<string>? repeated = null;
        foreach (var property in row.EnumerateObject())
        {
            if (values.TryAdd(property.Name, property.Value) || !(repeated ??= new(StringComparer.Ordinal)).Add(property.Name)) continue;
            Errors.Add(new FieldError(index, property.Name, "given more than once in this row: send each column once"));
        }
        return values;
    }

    private static bool Repeats(JsonElement element, ReadOnlySpan<byte> name)
    {
        var seen = 0;
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(name) && ++seen > 1) return true;
        }
        return false;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
