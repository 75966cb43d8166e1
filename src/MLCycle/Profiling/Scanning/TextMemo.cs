using System.Buffers.Binary;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Remembers, by their raw UTF-8 bytes, the text values a column has already tallied, with what the first pass needs of
/// each (the string, its hash, its tally), so a repeated value costs one byte hash and one comparison instead of
/// decoding, hashing and a dictionary lookup of its characters. Open addressing, kept at most half full.
/// </summary>
internal sealed class TextMemo
{
    private ulong[] _hashes = new ulong[64];
    private Entry?[] _entries = new Entry?[64];
    private int _count;

    /// <summary>A remembered value: its bytes, its text, its <see cref="HyperLogLog.Hash(ReadOnlySpan{char})"/>, and its tally.</summary>
    public sealed class Entry(byte[] bytes, string text, ulong hash, ValueTally tally)
    {
        public byte[] Bytes { get; } = bytes;
        public string Text { get; } = text;
        public ulong Hash { get; } = hash;
        public ValueTally Tally { get; } = tally;
        public bool HasSpace { get; } = text.Contains(' ');
    }

    public int Count => _count;

    /// <param name="hash">The bytes' <see cref="Hash"/>.</param>
    public Entry? Find(ReadOnlySpan<byte> bytes, ulong hash)
    {
        var mask = _entries.Length - 1;
        for (var i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            var entry = _entries[i];
            if (entry is null) return null;
            if (_hashes[i] == hash && bytes.SequenceEqual(entry.Bytes)) return entry;
        }
    }

    /// <summary>Remembers a value not yet remembered.</summary>
    public void Add(ulong hash, Entry entry)
    {
        if (2 * (_count + 1) > _entries.Length) Grow();
        Place(hash, entry);
        _count++;
    }

    /// <summary>A fast 64-bit hash of a field's bytes (only for this table: values' reported hashes stay character hashes).</summary>
    public static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var h = 0x9E3779B97F4A7C15UL * (ulong)(bytes.Length + 1);
        ulong tail;
        if (bytes.Length >= 8)
        {
            for (var i = 0; i + 8 < bytes.Length; i += 8) h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..])) * 0xBF58476D1CE4E5B9UL;
            tail = BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]);   // overlaps the last full word; the length is mixed in
        }
        else if (bytes.Length >= 4)
            tail = BinaryPrimitives.ReadUInt32LittleEndian(bytes) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]) << 32);
        else
        {
            tail = 0;
            foreach (var b in bytes) tail = (tail << 8) | b;
        }
        h = (h ^ tail) * 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }

    private void Place(ulong hash, Entry entry)
    {
        var mask = _entries.Length - 1;
        var i = (int)hash & mask;
        while (_entries[i] is not null) i = (i + 1) & mask;
        (_hashes[i], _entries[i]) = (hash, entry);
    }

    private void Grow()
    {
        var (hashes, entries) = (_hashes, _entries);
        (_hashes, _entries) = (new ulong[hashes.Length * 2], new Entry?[entries.Length * 2]);
        for (var i = 0; i < entries.Length; i++)
            if (entries[i] is { } entry) Place(hashes[i], entry);
    }
}
