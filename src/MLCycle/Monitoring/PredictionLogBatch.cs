using System.Buffers;
using System.Text;

namespace MLCycle.Monitoring;

/// <summary>Prediction log rows of one model version, time and role (one request's rows, as queued): each row's id, key and
/// primary id as strings, and its inputs and output JSON as UTF-8 in one shared buffer (ADR 0061).</summary>
/// <remarks>One object and one buffer per request instead of a <see cref="PredictionLogEntry"/> and two UTF-16 strings per row:
/// a 10,000-row request queued some 7 MB of small strings that lived until the flush and were copied by every gen-1 collection
/// on the way; the store binds these bytes as they are, so the strings are never made.</remarks>
public sealed class PredictionLogBatch
{
    private readonly int[] offsets;
    private readonly string?[] ids;
    private readonly string?[]? keys;
    private readonly string?[]? primaryIds;
    private readonly bool pooled;
    private byte[]? json;

    // offsets[2r] is where row r's inputs start, offsets[2r + 1] where its output starts, offsets[2r + 2] where it ends.
    internal PredictionLogBatch(string modelName, int version, DateTimeOffset time, PredictionRole role, int count,
        byte[] json, bool pooled, int[] offsets, string?[] ids, string?[]? keys, string?[]? primaryIds)
    {
        ModelName = modelName;
        Version = version;
        Time = time;
        Role = role;
        Count = count;
        this.json = json;
        this.pooled = pooled;
        this.offsets = offsets;
        this.ids = ids;
        this.keys = keys;
        this.primaryIds = primaryIds;
        MeasuredBytes = Measure();
    }

    public string ModelName { get; }

    public int Version { get; }

    public DateTimeOffset Time { get; }

    public PredictionRole Role { get; }

    /// <summary>How many rows the batch holds.</summary>
    public int Count { get; }

    /// <summary>What the batch holds in memory while queued: its whole buffer (rented, so its capacity), its offsets and arrays,
    /// and its strings (UTF-16, with their object headers).</summary>
    public long MeasuredBytes { get; }

    public string? Id(int row) => ids[row];

    public string? Key(int row) => keys?[row];

    public string? PrimaryId(int row) => primaryIds?[row];

    /// <summary>The row's inputs JSON as UTF-8.</summary>
    public ReadOnlyMemory<byte> Inputs(int row) => Json.AsMemory(offsets[2 * row], offsets[2 * row + 1] - offsets[2 * row]);

    /// <summary>The row's output JSON as UTF-8.</summary>
    public ReadOnlyMemory<byte> Output(int row) => Json.AsMemory(offsets[2 * row + 1], offsets[2 * row + 2] - offsets[2 * row + 1]);

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
        var inputs = Encoding.UTF8.GetByteCount(entry.InputsJson);
        var bytes = new byte[inputs + Encoding.UTF8.GetByteCount(entry.OutputJson)];
        Encoding.UTF8.GetBytes(entry.InputsJson, bytes);
        Encoding.UTF8.GetBytes(entry.OutputJson, bytes.AsSpan(inputs));
        return new PredictionLogBatch(entry.ModelName, entry.Version, entry.Time, entry.Role, 1, bytes, pooled: false, [0, inputs, bytes.Length],
            [entry.Id], entry.Key is null ? null : [entry.Key], entry.PrimaryId is null ? null : [entry.PrimaryId]);
    }

    /// <summary>Gives the buffer back to the pool once the rows are written or dropped; the rows' JSON is gone after this.</summary>
    internal void Release()
    {
        var rented = Interlocked.Exchange(ref json, null);
        if (rented is not null && pooled) ArrayPool<byte>.Shared.Return(rented);
    }

    private byte[] Json => json ?? throw new ObjectDisposedException(nameof(PredictionLogBatch), "The batch was written or dropped and its buffer returned.");

    private long Measure()
    {
        const int StringOverhead = 24, ArrayOverhead = 24, BatchOverhead = 160;
        long bytes = BatchOverhead + ArrayOverhead + json!.Length + ArrayOverhead + 4L * offsets.Length + 2L * ModelName.Length + StringOverhead;
        bytes += Strings(ids) + Strings(keys) + Strings(primaryIds);
        return bytes;

        static long Strings(string?[]? values)
        {
            if (values is null) return 0;
            long sum = ArrayOverhead + 8L * values.Length;
            foreach (var value in values)
            {
                if (value is not null) sum += StringOverhead + 2L * value.Length;
            }
            return sum;
        }
    }
}
