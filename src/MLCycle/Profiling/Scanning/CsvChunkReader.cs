using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.Win32.SafeHandles;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Reads the records that start in one byte range of a CSV file (RFC 4180: quoted fields may hold delimiters, doubled
/// quotes and line breaks) and hands each field to a <see cref="CsvFieldReader"/>. Records are located first (one
/// vectorised search for the line end, and a quote-aware scan only for lines that hold a quote), then split into fields:
/// by a delimiter bit mask when the record holds no quote, field by field when it does.
/// </summary>
internal sealed class CsvChunkReader(SafeFileHandle file, long fileLength, byte delimiter, byte quote, int columns, CsvFieldReader fields)
{
    private const int BufferSize = 1 << 20;
    private readonly SearchValues<byte> _fieldEnds = SearchValues.Create([delimiter, (byte)'\n']);
    private byte[] _buffer = new byte[BufferSize];
    private byte[] _unquoted = new byte[256];

    /// <summary>Reads records starting in [start, end) into the sink; returns the row count and the offset where the last record ended.</summary>
    public (long Rows, long End) Read(int chunk, long start, long end, RowSink sink, CancellationToken ct)
    {
        long rows = 0;
        var bufferOffset = start;   // file offset of _buffer[0]
        var length = 0;             // valid bytes in _buffer
        var position = 0;           // next record start within _buffer
        var eof = false;
        while (bufferOffset + position < end)
        {
            var recordEnd = FindRecordEnd(position, length, eof, out var quoted);
            if (recordEnd < 0)
            {
                if (eof) throw new CsvScanAnomaly("a quoted field is not closed", bufferOffset + position);
                (bufferOffset, length, position, eof) = Refill(bufferOffset, length, position);
                if ((rows & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                continue;
            }
            var record = _buffer.AsSpan(position, recordEnd - position);
            var next = recordEnd < length ? recordEnd + 1 : recordEnd;
            if (record.Length > 0 && record[^1] == '\r') record = record[..^1];
            // DuckDB skips blank lines, except in a one-column file, where a blank line is a missing value.
            if (!record.IsEmpty || columns == 1)
            {
                sink.BeginRow(RowReference.Of(chunk, rows), (ulong)(bufferOffset + position));
                if (quoted) ReadQuotedFields(record, sink, bufferOffset + position);
                else ReadFields(record, sink, bufferOffset + position);
                sink.EndRow();
                rows++;
            }
            position = next;
            if (bufferOffset + position >= fileLength) break;
        }
        return (rows, Math.Min(bufferOffset + position, fileLength));
    }

    // The index of the '\n' ending the record at position (or length at the end of the file), or -1 when more bytes are
    // needed; quoted tells whether the record holds a quote at all.
    private int FindRecordEnd(int position, int length, bool eof, out bool quoted)
    {
        var span = _buffer.AsSpan(position, length - position);
        var newline = span.IndexOf((byte)'\n');
        var line = newline < 0 ? span : span[..newline];
        quoted = line.IndexOf(quote) >= 0;
        if (!quoted) return newline >= 0 ? position + newline : eof && span.Length > 0 ? length : -1;
        var inside = false;
        for (var i = 0; i < span.Length; i++)
        {
            var b = span[i];
            if (b == quote) inside = !inside;   // a doubled quote toggles twice
            else if (b == '\n' && !inside) return position + i;
        }
        return eof && !inside && span.Length > 0 ? length : -1;
    }

    private (long Offset, int Length, int Position, bool Eof) Refill(long offset, int length, int position)
    {
        var kept = length - position;
        if (kept == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);   // one record longer than the buffer
        _buffer.AsSpan(position, kept).CopyTo(_buffer);
        offset += position;
        var read = RandomAccess.Read(file, _buffer.AsSpan(kept), offset + kept);
        return (offset, kept + read, 0, offset + kept + read >= fileLength);
    }

    // A record without quotes: the delimiters are found 32 bytes at a time as a bit mask, and each set bit ends a field.
    private void ReadFields(ReadOnlySpan<byte> record, RowSink sink, long offset)
    {
        var column = 0;
        var start = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var delimiters = Vector256.Create(delimiter);
            ref var first = ref MemoryMarshal.GetReference(record);
            for (; i + Vector256<byte>.Count <= record.Length; i += Vector256<byte>.Count)
            {
                var mask = Vector256.Equals(Vector256.LoadUnsafe(ref first, (nuint)i), delimiters).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    var end = i + BitOperations.TrailingZeroCount(mask);
                    Field(sink, column++, record[start..end], offset);
                    start = end + 1;
                    mask &= mask - 1;
                }
            }
        }
        for (; i < record.Length; i++)
        {
            if (record[i] != delimiter) continue;
            Field(sink, column++, record[start..i], offset);
            start = i + 1;
        }
        Field(sink, column++, record[start..], offset);
        if (column != columns) throw Ragged(offset, column);
    }

    private void Field(RowSink sink, int column, ReadOnlySpan<byte> field, long offset)
    {
        if (column >= columns) throw Ragged(offset, column + 1);
        if (sink.Wants(column)) fields.Read(sink, column, field);
    }

    private void ReadQuotedFields(ReadOnlySpan<byte> record, RowSink sink, long offset)
    {
        var column = 0;
        var rest = record;
        while (true)
        {
            if (column >= columns) throw Ragged(offset, column + 1);
            ReadOnlySpan<byte> field;
            if (!rest.IsEmpty && rest[0] == quote)
            {
                var consumed = Unquote(rest, offset, out var length);
                field = _unquoted.AsSpan(0, length);
                rest = rest[consumed..];
                if (!rest.IsEmpty && rest[0] != delimiter) throw new CsvScanAnomaly("text follows a closing quote", offset);
            }
            else
            {
                var stop = rest.IndexOfAny(_fieldEnds);
                field = stop < 0 ? rest : rest[..stop];
                rest = rest[field.Length..];
            }
            if (sink.Wants(column)) fields.Read(sink, column, field);
            column++;
            if (rest.IsEmpty) break;
            rest = rest[1..];   // the delimiter
        }
        if (column != columns) throw Ragged(offset, column);
    }

    // Copies the quoted field at the start of rest, without its quotes and with doubled quotes single, into _unquoted;
    // returns how many bytes of rest it took.
    private int Unquote(ReadOnlySpan<byte> rest, long offset, out int length)
    {
        length = 0;
        var i = 1;
        while (true)
        {
            var next = rest[i..].IndexOf(quote);
            if (next < 0) throw new CsvScanAnomaly("a quoted field is not closed", offset);
            Append(rest.Slice(i, next), ref length);
            i += next + 1;
            if (i < rest.Length && rest[i] == quote)
            {
                Append(rest.Slice(i, 1), ref length);
                i++;
                continue;
            }
            return i;
        }
    }

    private void Append(ReadOnlySpan<byte> bytes, ref int length)
    {
        if (_unquoted.Length < length + bytes.Length) Array.Resize(ref _unquoted, Math.Max(_unquoted.Length * 2, length + bytes.Length));
        bytes.CopyTo(_unquoted.AsSpan(length));
        length += bytes.Length;
    }

    private CsvScanAnomaly Ragged(long offset, int found) =>
        new($"a row has {found} fields where the header has {columns}", offset);
}
