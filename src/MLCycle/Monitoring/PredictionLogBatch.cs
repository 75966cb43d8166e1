using System.Buffers;
using System.Text;

namespace MLCycle.Monitoring;

/// <summary>Prediction log rows of one model version, time and role (one request's rows, as queued): each row's inputs and output
/// JSON and its id, key and primary id, all as UTF-8 in one shared buffer (ADR 0061, ADR 0070).</summary>
/// <remarks>One object and one buffer per request instead of a <see cref="PredictionLogEntry"/> and two UTF-16 strings per row:
/// a 10,000-row request queued some 7 MB of small strings that lived until the flush and were copied by every gen-1 collection
/// on the way. The ids were such strings too, 10,000 per request, until ADR 0070: a queued batch lives about a second, so every
/// young collection found tens of thousands of them alive, more than the collector's mark list holds, and then walked all of
/// generation 0 (a pause of 31 to 45 ms on the overload benchmark's machine). The store binds these bytes as they are, so no string is made.</remarks>
public sealed class PredictionLogBatch
{
    // Per row, five offsets into the buffer: where its inputs, output, id, key and primary id start; the next row's inputs start
    // where its primary id ends (offsets[5 * Count] is the end). A missing text is empty and flagged in absent.
    internal const int Fields = 5;
    internal const int InputsField = 0, OutputField = 1, IdField = 2, KeyField = 3, PrimaryIdField = 4;

    private readonly int[] offsets;
    private readonly byte[] absent;
    private readonly bool pooled;
    private byte[]? json;

    /// <param name="pooled">True when <paramref name="json"/>, <paramref name="offsets"/> and <paramref name="absent"/> were rented from
    /// the shared array pools: the batch returns them on <see cref="Release"/>.</param>
    internal PredictionLogBatch(string modelName, int version, DateTimeOffset time, PredictionRole role, int count,
        byte[] json, bool pooled, int[] offsets, byte[] absent)
    {
        ModelName = modelName;
        Version = version;
        Time = time;
        Role = role;
        Count = count;
        this.json = json;
        this.pooled = pooled;
        this.offsets = offsets;
        this.absent = absent;
        MeasuredBytes = Measure();
    }

    public string ModelName { get; }

    public int Version { get; }

    public DateTimeOffset Time { get; }

    public PredictionRole Role { get; }

    /// <summary>How many rows the batch holds.</summary>
    public int Count { get; }

    /// <summary>What the batch holds in memory while queued: its whole buffer (rented, so its capacity), its offsets and flags,
    /// and its model name.</summary>
    public long MeasuredBytes { get; }

    public string? Id(int row) => Text(row, IdField);

    public string? Key(int row) => Text(row, KeyField);

    public string? PrimaryId(int row) => Text(row, PrimaryIdField);

    /// <summary>The row's id as UTF-8; null when it has none.</summary>
    public ReadOnlyMemory<byte>? IdUtf8(int row) => Utf8(row, IdField);

    /// <summary>The row's key as UTF-8; null when it has none.</summary>
    public ReadOnlyMemory<byte>? KeyUtf8(int row) => Utf8(row, KeyField);

    /// <summary>The row's primary id (a shadow row's champion prediction) as UTF-8; null when it has none.</summary>
    public ReadOnlyMemory<byte>? PrimaryIdUtf8(int row) => Utf8(row, PrimaryIdField);

    /// <summary>The row's inputs JSON as UTF-8.</summary>
    public ReadOnlyMemory<byte> Inputs(int row) => Field(row, InputsField);

    /// <summary>The row's output JSON as UTF-8.</summary>
    public ReadOnlyMemory<byte> Output(int row) => Field(row, OutputField);

    /// <summary>The row as an entry with strings, as the log reads it back.</summary>
    public PredictionLogEntry Entry(int row) =>
        new(ModelName, Version, Time, Encoding.UTF8.GetString(Inputs(row).Span), Encoding.UTF8.GetString(Output(row).Span))
        {
            Id = Id(row), Role = Role, PrimaryId = PrimaryId(row), Key = Key(row),
        };

    /// <summary>A batch of the one entry, for callers that log a row at a time.</summary>
    public static PredictionLogBatch Of(PredictionLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // In the field order: inputs, output, id, key, primary id (a span: on the stack, not an array per entry).
        ReadOnlySpan<string?> texts = [entry.InputsJson, entry.OutputJson, entry.Id, entry.Key, entry.PrimaryId];
        var bytes = 0;
        foreach (var text in texts) bytes += text is null ? 0 : Encoding.UTF8.GetByteCount(text);
        // Sized exactly, not rented: the byte budget counts a batch's whole buffer, and one row's would round up to a power of two.
        var json = new byte[bytes];
        var offsets = new int[Fields + 1];
        var absent = new byte[1];
        for (var field = 0; field < Fields; field++)
        {
            var text = texts[field];
            if (text is null) absent[0] |= (byte)(1 << field);
            offsets[field + 1] = offsets[field] + (text is null ? 0 : Encoding.UTF8.GetBytes(text, json.AsSpan(offsets[field])));
        }
        return new PredictionLogBatch(entry.ModelName, entry.Version, entry.Time, entry.Role, 1, json, pooled: false, offsets, absent);
    }

    /// <summary>Gives the buffer back to the pool once the rows are written or dropped; the rows' JSON is gone after this.</summary>
    internal void Release()
    {
        var rented = Interlocked.Exchange(ref json, null);
        if (rented is null || !pooled) return;
        ArrayPool<byte>.Shared.Return(rented);
        ArrayPool<int>.Shared.Return(offsets);
        ArrayPool<byte>.Shared.Return(absent);
    }

    private byte[] Json => json ?? throw new ObjectDisposedException(nameof(PredictionLogBatch), "The batch was written or dropped and its buffer returned.");

    private ReadOnlyMemory<byte> Field(int row, int field)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        var json = Json;
        var start = offsets[Fields * row + field];
        return json.AsMemory(start, offsets[Fields * row + field + 1] - start);
    }

    private ReadOnlyMemory<byte>? Utf8(int row, int field)
    {
        var text = Field(row, field);
        // Read after Field, which refuses a released batch (its flags may be another batch's by then). The null is typed: a bare
        // null would convert through byte[] to an empty memory.
        return (absent[row] & (1 << field)) != 0 ? (ReadOnlyMemory<byte>?)null : text;
    }

    private string? Text(int row, int field) => Utf8(row, field) is { } utf8 ? Encoding.UTF8.GetString(utf8.Span) : null;

    private long Measure()
    {
        const int StringOverhead = 24, ArrayOverhead = 24, BatchOverhead = 160;
        return BatchOverhead + ArrayOverhead + json!.Length + ArrayOverhead + 4L * offsets.Length + ArrayOverhead + absent.Length
            + 2L * ModelName.Length + StringOverhead;
    }
}
