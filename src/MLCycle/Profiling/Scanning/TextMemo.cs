using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Remembers, by their raw UTF-8 bytes, the text values a column has already tallied, with what the first pass needs of
/// each, so a repeated value costs one byte hash and a comparison instead of decoding, hashing its characters and a
/// dictionary lookup. Each slot is one cache line holding the value's first 16 bytes, its length and hashes, and the
/// occurrences not yet added to its tally (<see cref="Flush"/>). Open addressing, kept at most half full.
/// </summary>
internal sealed class TextMemo
{
    private Slot[] _slots = new Slot[64];

    public struct Slot
    {
        public ulong BytesHash;
        public ulong Head;   // the first bytes (see Key); with Tail and Length they are the whole value up to 16 bytes
        public ulong Tail;
        public int Length;
        public int Chars;
        /// <summary>The value's field hash for row hashing: <see cref="RowHash.Text"/> of its character hash.</summary>
        public ulong FieldHash;
        public long Pending;
        public bool HasSpace;
        public bool RowsFull;
        /// <summary>The value's code in the worker's row sample, 0 until it is first sampled.</summary>
        public int SampleCode;
        public Entry? Entry;
    }

    /// <summary>The value's bytes (compared beyond the first 16), its string, and its tally.</summary>
    public sealed class Entry(byte[] bytes, string text, ValueTally tally)
    {
        public byte[] Bytes { get; } = bytes;
        public string Text { get; } = text;
        public ValueTally Tally { get; } = tally;
    }

    public int Count { get; private set; }

    public ref Slot this[int index] => ref _slots[index];

    /// <summary>The slot index of a remembered value, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per value: optimised at once, as tier-up lags while every core scans
    public int Find(ReadOnlySpan<byte> bytes, in Key key)
    {
        var mask = _slots.Length - 1;
        for (var i = (int)key.Hash & mask; ; i = (i + 1) & mask)
        {
            ref var slot = ref _slots[i];
            if (slot.Entry is null) return -1;
            if (slot.BytesHash == key.Hash && slot.Head == key.Head && slot.Tail == key.Tail && slot.Length == bytes.Length
                && (bytes.Length <= 16 || bytes.SequenceEqual(slot.Entry.Bytes))) return i;
        }
    }

    /// <summary>Remembers a value not yet remembered, tallied under <paramref name="text"/> with character hash <paramref name="hash"/>.</summary>
    public void Add(ReadOnlySpan<byte> bytes, in Key key, string text, ulong hash, ValueTally tally)
    {
        if (2 * (Count + 1) > _slots.Length) Grow();
        Place(new Slot
        {
            BytesHash = key.Hash, Head = key.Head, Tail = key.Tail, Length = bytes.Length, Chars = text.Length,
            FieldHash = RowHash.Text(hash), HasSpace = text.Contains(' '), RowsFull = tally.Rows.Full,
            Entry = new Entry(bytes.ToArray(), text, tally),
        });
        Count++;
    }

    /// <summary>Adds the occurrences counted in the slots to their tallies.</summary>
    public void Flush()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Entry is not { } entry) continue;
            entry.Tally.Count += _slots[i].Pending;
            _slots[i].Pending = 0;
        }
    }

    /// <summary>A value's hash and its first and last eight bytes (overlapping when shorter than 16), which with its length decide equality up to 16 bytes.</summary>
    public readonly record struct Key(ulong Hash, ulong Head, ulong Tail)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per value: optimised at once, as tier-up lags while every core scans
        public static Key Of(ReadOnlySpan<byte> bytes)
        {
            var n = bytes.Length;
            ulong head, tail = 0;
            if (n >= 8) (head, tail) = (BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]));
            else if (n >= 4) head = BinaryPrimitives.ReadUInt32LittleEndian(bytes) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]) << 32);
            else
            {
                head = 0;
                foreach (var b in bytes) head = (head << 8) | b;
            }
            var h = (head ^ ((ulong)n * 0x9E3779B97F4A7C15UL)) * 0xBF58476D1CE4E5B9UL;
            h = (h ^ (h >> 29) ^ tail) * 0x94D049BB133111EBUL;
            for (var i = 8; i < n - 8; i += 8) h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..])) * 0xBF58476D1CE4E5B9UL;
            return new Key(h ^ (h >> 31), head, tail);
        }
    }

    private void Place(Slot slot)
    {
        var mask = _slots.Length - 1;
        var i = (int)slot.BytesHash & mask;
        while (_slots[i].Entry is not null) i = (i + 1) & mask;
        _slots[i] = slot;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        foreach (var slot in old)
            if (slot.Entry is not null) Place(slot);
    }
}
