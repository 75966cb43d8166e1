using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MLCycle.Monitoring;

namespace MLCycle.Storage;

/// <summary>A many-row request's log rows stored as one record of prediction_log_packs (ADR 0078): their ids in one blob, their
/// inputs, outputs and primary ids in another, so the store writes two blobs and three index entries per pack instead of a row and three
/// index entries per prediction.</summary>
/// <remarks>Only slices of at least <see cref="MinRows"/> rows, every one with an id and none with a key, are packed: keyed rows
/// are looked up by key (ix_prediction_log_key), and a request of a few rows costs little either way. The ids blob is read alone
/// when feedback looks ids up, so it comes before the rows in the record and holds nothing else.</remarks>
internal sealed class PredictionLogPack : IDisposable
{
    /// <summary>The fewest rows a slice needs to be packed.</summary>
    public const int MinRows = 64;

    // The rows blob starts with its format; a reader meeting another refuses the pack rather than misreading it.
    private const byte Format = 1;

    // Rented: a pack of 2,000 rows is about half a megabyte, which new arrays would put on the large object heap, collected only
    // with generation 2.
    private byte[]? ids;
    private byte[]? rows;
    private readonly int idsLength;
    private readonly int rowsLength;

    private PredictionLogPack(string firstId, string lastId, byte[] ids, int idsLength, byte[] rows, int rowsLength)
    {
        FirstId = firstId;
        LastId = lastId;
        this.ids = ids;
        this.idsLength = idsLength;
        this.rows = rows;
        this.rowsLength = rowsLength;
    }

    /// <summary>The least id of the pack's rows (ordinal order, which for UUIDv7 text is the order they were made).</summary>
    public string FirstId { get; }

    /// <summary>The greatest id of the pack's rows.</summary>
    public string LastId { get; }

    /// <summary>Each row's id as a length byte and its UTF-8.</summary>
    public ReadOnlyMemory<byte> Ids => (ids ?? throw new ObjectDisposedException(nameof(PredictionLogPack))).AsMemory(0, idsLength);

    /// <summary>The format byte, then per row: inputs, output and primary id, each as an int32 length (-1: no primary id) and UTF-8.</summary>
    public ReadOnlyMemory<byte> Rows => (rows ?? throw new ObjectDisposedException(nameof(PredictionLogPack))).AsMemory(0, rowsLength);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref ids, null) is { } i) ArrayPool<byte>.Shared.Return(i);
        if (Interlocked.Exchange(ref rows, null) is { } r) ArrayPool<byte>.Shared.Return(r);
    }

    /// <summary>Whether <paramref name="slice"/> is stored as a pack: enough rows, each with an id of at most 255 bytes and no key.</summary>
    public static bool Packs(PredictionLogSlice slice)
    {
        if (slice.Count < MinRows) return false;
        for (var r = slice.Start; r < slice.Start + slice.Count; r++)
        {
            if (slice.Batch.IdUtf8(r) is not { Length: > 0 and <= byte.MaxValue } || slice.Batch.KeyUtf8(r) is not null) return false;
        }
        return true;
    }

    /// <summary>The slices stored as packs and the rest, each in order, decided once per flush.</summary>
    public static (List<PredictionLogSlice> Packed, List<PredictionLogSlice> Rows) Split(IReadOnlyList<PredictionLogSlice> slices)
    {
        var packed = new List<PredictionLogSlice>();
        var rows = new List<PredictionLogSlice>();
        foreach (var slice in slices) (Packs(slice) ? packed : rows).Add(slice);
        return (packed, rows);
    }

    /// <summary>The pack of <paramref name="slice"/>, which <see cref="Packs"/> accepted.</summary>
    public static PredictionLogPack Of(PredictionLogSlice slice)
    {
        var (batch, start, count) = slice;
        int idBytes = 0, rowBytes = 1;
        for (var r = start; r < start + count; r++)
        {
            idBytes += 1 + batch.IdUtf8(r)!.Value.Length;
            rowBytes += 12 + batch.Inputs(r).Length + batch.Output(r).Length + (batch.PrimaryIdUtf8(r)?.Length ?? 0);
        }
        var ids = ArrayPool<byte>.Shared.Rent(idBytes);
        var rows = ArrayPool<byte>.Shared.Rent(rowBytes);
        rows[0] = Format;
        int idAt = 0, rowAt = 1;
        ReadOnlySpan<byte> first = default, last = default;
        for (var r = start; r < start + count; r++)
        {
            var id = batch.IdUtf8(r)!.Value.Span;
            ids[idAt++] = (byte)id.Length;
            id.CopyTo(ids.AsSpan(idAt));
            var copied = ids.AsSpan(idAt, id.Length);
            idAt += id.Length;
            if (r == start || copied.SequenceCompareTo(first) < 0) first = copied;
            if (r == start || copied.SequenceCompareTo(last) > 0) last = copied;
            rowAt = Put(rows, rowAt, batch.Inputs(r).Span);
            rowAt = Put(rows, rowAt, batch.Output(r).Span);
            if (batch.PrimaryIdUtf8(r) is { } primary) rowAt = Put(rows, rowAt, primary.Span);
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(rows.AsSpan(rowAt), -1);
                rowAt += 4;
            }
        }
        return new PredictionLogPack(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(last), ids, idBytes, rows, rowBytes);
    }

    /// <summary>The ids of a pack's ids blob, in row order; <paramref name="pack"/> names the pack in the error a damaged blob gets.</summary>
    public static List<string> ReadIds(byte[] ids, string pack)
    {
        var read = new List<string>();
        for (var at = 0; at < ids.Length;)
        {
            var length = ids[at++];
            if (length > ids.Length - at) throw Damaged(pack, $"an id of {length} bytes where {ids.Length - at} are left");
            read.Add(Encoding.UTF8.GetString(ids, at, length));
            at += length;
        }
        return read;
    }

    /// <summary>Calls <paramref name="row"/> with each row's index, id, inputs, output and primary id (null when it has none), in row
    /// order; <paramref name="count"/> is the pack's row_count, checked against both blobs, and <paramref name="pack"/> names the pack
    /// in the error a damaged one gets.</summary>
    public static void ReadRows(byte[] ids, byte[] rows, int count, string pack, Action<int, string, string, string, string?> row)
    {
        var idList = ReadIds(ids, pack);
        if (rows.Length == 0 || rows[0] != Format)
            throw Damaged(pack, $"format {(rows.Length == 0 ? "none" : rows[0].ToString(System.Globalization.CultureInfo.InvariantCulture))} where {Format} was expected");
        if (idList.Count != count) throw Damaged(pack, $"{idList.Count} ids for {count} rows");
        var at = 1;
        for (var i = 0; i < count; i++)
        {
            var inputs = Take(rows, ref at, pack) ?? throw Damaged(pack, $"row {i} without inputs");
            var output = Take(rows, ref at, pack) ?? throw Damaged(pack, $"row {i} without an output");
            row(i, idList[i], inputs, output, Take(rows, ref at, pack));
        }
        if (at != rows.Length) throw Damaged(pack, $"{rows.Length - at} bytes after its {count} rows");
    }

    private static MLCycleException Damaged(string pack, string what) =>
        new(ErrorKind.BadData, $"The prediction log's pack {pack} is damaged: {what}. The store's other rows read as before; restore the store from a backup to read this one.");

    private static int Put(byte[] rows, int at, ReadOnlySpan<byte> text)
    {
        BinaryPrimitives.WriteInt32LittleEndian(rows.AsSpan(at), text.Length);
        text.CopyTo(rows.AsSpan(at + 4));
        return at + 4 + text.Length;
    }

    private static string? Take(byte[] rows, ref int at, string pack)
    {
        if (rows.Length - at < 4) throw Damaged(pack, $"a length cut short at byte {at}");
        var length = BinaryPrimitives.ReadInt32LittleEndian(rows.AsSpan(at));
        at += 4;
        if (length < 0) return null;
        if (length > rows.Length - at) throw Damaged(pack, $"a text of {length} bytes where {rows.Length - at} are left");
        var text = Encoding.UTF8.GetString(rows, at, length);
        at += length;
        return text;
    }
}
