using System.Text.Json;

namespace MLCycle.Monitoring;

/// <summary>Builds a <see cref="PredictionLogBatch"/> row by row: the caller writes a row's inputs through <see cref="Json"/> and
/// calls <see cref="EndInputs"/>, writes its output and calls <see cref="EndRow"/>; every row's JSON lands in one pooled buffer.</summary>
public sealed class PredictionLogBatchBuilder : IDisposable
{
    private readonly PooledBufferWriter buffer;
    private readonly int[] offsets;
    private readonly string?[] ids;
    private string?[]? keys;
    private string?[]? primaryIds;
    private int count;
    private bool inputsEnded;

    /// <param name="rows">The most rows the batch will hold.</param>
    /// <param name="bytesPerRow">A guess at a row's JSON size, for the buffer's first capacity (it grows as needed).</param>
    public PredictionLogBatchBuilder(int rows, int bytesPerRow = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerRow, 1);
        buffer = new PooledBufferWriter((int)Math.Min((long)rows * bytesPerRow, 1 << 24));
        offsets = new int[2 * rows + 1];
        ids = new string?[rows];
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
        if (inputsEnded) throw new InvalidOperationException("The row's inputs were already ended; write its output and call EndRow.");
        offsets[2 * count + 1] = Take();
        inputsEnded = true;
    }

    /// <summary>Ends the current row with its output written, under <paramref name="id"/>.</summary>
    public void EndRow(string? id, string? key = null, string? primaryId = null)
    {
        if (!inputsEnded) throw new InvalidOperationException("EndInputs comes before EndRow.");
        offsets[2 * count + 2] = Take();
        ids[count] = id;
        if (key is not null) (keys ??= new string?[ids.Length])[count] = key;
        if (primaryId is not null) (primaryIds ??= new string?[ids.Length])[count] = primaryId;
        count++;
        inputsEnded = false;
    }

    /// <summary>The rows so far as a batch, which now owns the buffer; the builder cannot be used after this.</summary>
    public PredictionLogBatch Build(string modelName, int version, DateTimeOffset time, PredictionRole role)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        if (inputsEnded) throw new InvalidOperationException("The last row was not ended.");
        return new PredictionLogBatch(modelName, version, time, role, count, buffer.Detach(), pooled: true, offsets, ids, keys, primaryIds);
    }

    /// <summary>Returns the buffer to the pool unless a batch took it.</summary>
    public void Dispose()
    {
        Json.Dispose();
        buffer.Dispose();
    }

    private int Take()
    {
        // One value per Reset: the writer refuses a second top-level value, and Reset keeps the buffer it writes to.
        Json.Flush();
        Json.Reset();
        return buffer.WrittenCount;
    }
}
