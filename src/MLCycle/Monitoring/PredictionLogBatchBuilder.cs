using System.Buffers;
using System.Text;
using System.Text.Json;

namespace MLCycle.Monitoring;

/// <summary>Builds a <see cref="PredictionLogBatch"/> row by row: the caller writes a row's inputs through <see cref="Json"/> and
/// calls <see cref="EndInputs"/>, writes its output and calls <see cref="EndRow"/>; every row's JSON and texts land in one pooled
/// buffer.</summary>
public sealed class PredictionLogBatchBuilder : IDisposable
{
    private const int Fields = PredictionLogBatch.Fields;
    private readonly PooledBufferWriter buffer;
    private readonly int[] offsets;
    private readonly byte[] absent;
    private int count;
    private bool inputsEnded;
    // False once the buffer and arrays went to a batch (Build) or back to their pools (Dispose): writing then would reach into
    // another owner's arrays.
    private bool ownsArrays = true;

    /// <param name="rows">The most rows the batch will hold.</param>
    /// <param name="bytesPerRow">A guess at a row's JSON size, for the buffer's first capacity (it grows as needed).</param>
    public PredictionLogBatchBuilder(int rows, int bytesPerRow = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerRow, 1);
        buffer = new PooledBufferWriter((int)Math.Min((long)rows * bytesPerRow, 1 << 24));
        // Rented, as the buffer is: a 10,000-row request's offsets are a large-object array of their own.
        offsets = ArrayPool<int>.Shared.Rent(Fields * rows + 1);
        offsets[0] = 0;
        absent = ArrayPool<byte>.Shared.Rent(rows);
        Array.Clear(absent, 0, rows);
        // Default options, as LogEntryJson's writer had: the texts must be the ones JsonSerializer and WriteTo give.
        Json = new Utf8JsonWriter(buffer);
    }

    /// <summary>Writes the current row's JSON values (one value for the inputs, then one for the output).</summary>
    public Utf8JsonWriter Json { get; }

    /// <summary>How many rows are complete.</summary>
    public int Count => count;

    /// <summary>Ends the current row's inputs value: what comes next through <see cref="Json"/> is its output.</summary>
    public void EndInputs()
    {
        ObjectDisposedException.ThrowIf(!ownsArrays, this);
        if (inputsEnded) throw new InvalidOperationException("The row's inputs were already ended; write its output and call EndRow.");
        offsets[Fields * count + PredictionLogBatch.OutputField] = Take();
        inputsEnded = true;
    }

    /// <summary>Ends the current row with its output written, under <paramref name="id"/>.</summary>
    public void EndRow(string? id, string? key = null, string? primaryId = null) =>
        EndRow(id, hasId: id is not null, key, primaryId, hasPrimaryId: primaryId is not null);

    private void EndRow(ReadOnlySpan<char> id, bool hasId, string? key, ReadOnlySpan<char> primaryId, bool hasPrimaryId)
    {
        ObjectDisposedException.ThrowIf(!ownsArrays, this);
        if (!inputsEnded) throw new InvalidOperationException("EndInputs comes before EndRow.");
        var row = Fields * count;
        offsets[row + PredictionLogBatch.IdField] = Take();
        Append(id, hasId, PredictionLogBatch.IdField);
        offsets[row + PredictionLogBatch.KeyField] = buffer.WrittenCount;
        Append(key, key is not null, PredictionLogBatch.KeyField);
        offsets[row + PredictionLogBatch.PrimaryIdField] = buffer.WrittenCount;
        Append(primaryId, hasPrimaryId, PredictionLogBatch.PrimaryIdField);
        // The next row's inputs start where this row's last text ends.
        offsets[row + Fields] = buffer.WrittenCount;
        count++;
        inputsEnded = false;
    }

    /// <summary>The rows so far as a batch, which now owns the buffer; the builder cannot be used after this.</summary>
    public PredictionLogBatch Build(string modelName, int version, DateTimeOffset time, PredictionRole role)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        if (inputsEnded) throw new InvalidOperationException("The last row was not ended.");
        ObjectDisposedException.ThrowIf(!ownsArrays, this);
        ownsArrays = false;
        return new PredictionLogBatch(modelName, version, time, role, count, buffer.Detach(), pooled: true, offsets, absent);
    }

    /// <summary>Returns the buffer and arrays to their pools unless a batch took them.</summary>
    public void Dispose()
    {
        Json.Dispose();
        if (!ownsArrays) return;
        ownsArrays = false;
        buffer.Dispose();
        ArrayPool<int>.Shared.Return(offsets);
        ArrayPool<byte>.Shared.Return(absent);
    }

    /// <summary>Ends the current row under <paramref name="id"/>, written as its text (<see cref="Guid.ToString()"/>) without making the string.</summary>
    public void EndRow(Guid id, string? key = null, Guid? primaryId = null)
    {
        Span<char> idText = stackalloc char[36], primaryText = stackalloc char[36];
        id.TryFormat(idText, out _);
        primaryId?.TryFormat(primaryText, out _);
        EndRow(idText, hasId: true, key, primaryText, hasPrimaryId: primaryId is not null);
    }

    private void Append(ReadOnlySpan<char> text, bool present, int field)
    {
        if (!present)
        {
            absent[count] |= (byte)(1 << field);
            return;
        }
        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private int Take()
    {
        // One value per Reset: the writer refuses a second top-level value, and Reset keeps the buffer it writes to.
        Json.Flush();
        Json.Reset();
        return buffer.WrittenCount;
    }
}
