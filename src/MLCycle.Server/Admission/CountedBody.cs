using System.Text.Json;

namespace MLCycle.Server.Admission;

/// <summary>Reads a prediction body while counting its rows as they arrive, reserving them in the row budget chunk by chunk, so a
/// request that does not fit is refused after its first chunk rather than after it was read and parsed whole. v1 rows are the
/// elements of the top-level "rows" array; v2 rows are the first dimension of the first input tensor's shape.</summary>
internal sealed class CountedBody
{
    // Every this many v1 rows, where the next row begins: a place to cut the rows in two (RowSplit).
    private const int SplitEvery = 512;

    private readonly bool tensors;
    private readonly List<int> rowStarts = [];
    // Where the v1 rows' array ends (its ']'), and how many arrays named "rows" the body's object holds.
    private int rowsEnd = -1;
    private int rowsArrays;
    private JsonReaderState state;
    private int consumed;
    private bool done;
    // Where the skim stands: inside the array that holds the rows (v1) or the first tensor's shape (v2).
    private bool inRows;
    private bool inShape;
    private int tensorIndex = -1;
    private Key property;

    private CountedBody(bool tensors) => this.tensors = tensors;

    /// <summary>Rows counted so far.</summary>
    public int Rows { get; private set; }

    /// <summary>The body in a pooled buffer the caller disposes (its bytes without a UTF-8 byte order mark), or the refusal that
    /// stopped reading it. Without <paramref name="reserve"/> the body is read whole and nothing is counted.</summary>
    /// <returns>The body; the refusal; the rows counted; and, for a v1 body of many rows read without a fault, where its rows'
    /// array can be cut in two near its middle (null otherwise).</returns>
    public static async Task<(PooledBody? Body, AdmissionRefusal? Refusal, int Counted, RowSplit? Split)> ReadAsync(
        Stream body, bool tensors, Func<int, AdmissionRefusal?>? reserve, CancellationToken ct)
    {
        var counter = new CountedBody(tensors) { done = reserve is null };
        var buffer = new PooledBody();
        try
        {
            while (await buffer.ReadFromAsync(body, ct) > 0)
            {
                if (counter.done) continue;
                var before = counter.Rows;
                counter.Skim(buffer.Read, isFinal: false);
                if (counter.Rows > before && reserve!(counter.Rows - before) is { } refusal)
                {
                    buffer.Dispose();
                    return (null, refusal, counter.Rows, null);
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        buffer.SkipByteOrderMark();
        return (buffer, null, counter.Rows, counter.Split(buffer.Read.Length - buffer.Bytes.Length));
    }

    // The recorded row start nearest the middle, as offsets into the body without its byte order mark (`mark` bytes long); null when
    // the skim stopped (a fault, or nothing to count), there is not exactly one rows array, or too few rows to be worth two halves.
    private RowSplit? Split(int mark)
    {
        if (done || tensors || rowsArrays != 1 || rowsEnd < 0 || Rows < 2 * SplitEvery) return null;
        var half = Math.Clamp((Rows + SplitEvery) / 2 / SplitEvery, 1, rowStarts.Count - 1);
        return new RowSplit(rowStarts[half] - mark, rowsEnd - mark, half * SplitEvery);
    }

    private void Skim(ReadOnlySpan<byte> all, bool isFinal)
    {
        // A byte order mark still arriving is waited for: read as JSON, its first byte would be a fault that ends the count.
        if (consumed == 0 && all.Length < 3 && "\uFEFF"u8.StartsWith(all)) return;
        if (consumed == 0 && all.StartsWith("\uFEFF"u8)) consumed = 3;
        var reader = new Utf8JsonReader(all[consumed..], isFinal, state);
        try
        {
            while (!done && reader.Read()) See(ref reader);
        }
        catch (JsonException)
        {
            // Malformed: stop counting; the full parse explains what is wrong.
            done = true;
        }
        consumed += (int)reader.BytesConsumed;
        state = reader.CurrentState;
    }

    private void See(ref Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        if (reader.TokenType == JsonTokenType.PropertyName)
        {
            // Only the few names that matter are compared, without allocating a string per property of every row.
            property = depth > 3 ? Key.Other
                : reader.ValueTextEquals("rows"u8) ? Key.Rows
                : reader.ValueTextEquals("inputs"u8) ? Key.Inputs
                : reader.ValueTextEquals("shape"u8) ? Key.Shape
                : Key.Other;
            return;
        }
        if (!tensors)
        {
            if (depth == 1 && reader.TokenType == JsonTokenType.StartArray && property == Key.Rows)
            {
                inRows = true;
                rowsArrays++;
            }
            else if (depth == 1 && reader.TokenType == JsonTokenType.EndArray)
            {
                if (inRows) rowsEnd = consumed + (int)reader.TokenStartIndex;
                inRows = false;
            }
            else if (inRows && depth == 2 && reader.TokenType != JsonTokenType.EndObject && reader.TokenType != JsonTokenType.EndArray)
            {
                // The reader's offsets are from where this skim began, `consumed` bytes into what was read.
                if (Rows % SplitEvery == 0) rowStarts.Add(consumed + (int)reader.TokenStartIndex);
                Rows++;
                // A row's own tokens count for nothing here: skipped whole when all of it has arrived (the reader still checks
                // them, and throws where reading them one by one would), else read one by one as before.
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.TrySkip();
            }
            return;
        }
        if (depth == 1 && reader.TokenType == JsonTokenType.StartArray && property == Key.Inputs) inRows = true;
        else if (inRows && depth == 2 && reader.TokenType == JsonTokenType.StartObject) tensorIndex++;
        else if (inRows && tensorIndex == 0 && depth == 3 && reader.TokenType == JsonTokenType.StartArray && property == Key.Shape) inShape = true;
        else if (inShape && depth == 4 && reader.TokenType == JsonTokenType.Number)
        {
            // The first tensor's row count is all that is needed: the reader checks that every tensor agrees.
            if (reader.TryGetInt32(out var rows) && rows > 0) Rows = rows;
            done = true;
        }
        else if (inShape && depth == 3 && reader.TokenType == JsonTokenType.EndArray) done = true;
        property = Key.Other;
    }

    private enum Key { Other, Rows, Inputs, Shape }
}

/// <summary>Where a v1 body's rows can be cut in two: <paramref name="SecondStart"/> is the offset of the first row of the second half,
/// <paramref name="RowsEnd"/> that of the ']' closing the rows' array, and the first half holds <paramref name="FirstRows"/> rows.</summary>
internal readonly record struct RowSplit(int SecondStart, int RowsEnd, int FirstRows);
