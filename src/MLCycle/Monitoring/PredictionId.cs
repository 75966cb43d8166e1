using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MLCycle.Monitoring;

/// <summary>Prediction ids: UUIDv7 text (RFC 9562), so ids sort by creation time and stay unique across processes and replicas without
/// coordination. Within a process they also sort in the order they were made: a counter fills the bits below the millisecond.</summary>
public static class PredictionId
{
    /// <summary>The longest id the log stores; outcomes with longer ids are refused before any lookup.</summary>
    public const int MaxLength = 36;

    private static readonly Lock Gate = new();
    private static long lastMillisecond;
    private static int counter;

    /// <summary>A new id stamped with <paramref name="time"/> (or just after the previous id, if that is later).</summary>
    public static string New(DateTimeOffset time)
    {
        var (millisecond, sequence) = Next(time);
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return Stamp(millisecond, sequence, random).ToString();
    }

    /// <summary>Fills <paramref name="ids"/> with new ids stamped with <paramref name="time"/>, in order, as that many calls of
    /// <see cref="New"/> would; for a many-row request, whose ids one call per row made slowly (a lock and a call for random bytes
    /// per id, about a third of the log's cost per row).</summary>
    public static void NewMany(DateTimeOffset time, Span<string> ids)
    {
        Span<Guid> block = stackalloc Guid[64];
        for (var start = 0; start < ids.Length; start += 64)
        {
            var count = Math.Min(64, ids.Length - start);
            NewMany(time, block[..count]);
            for (var i = 0; i < count; i++) ids[start + i] = block[i].ToString();
        }
    }

    /// <summary>As <see cref="NewMany(DateTimeOffset, Span{string})"/>, the ids as values: their text (<see cref="Guid.ToString()"/>,
    /// lowercase with hyphens) is written where it is needed, so a 10,000-row request holds one array instead of 10,000 strings
    /// (ADR 0072).</summary>
    public static void NewMany(DateTimeOffset time, Span<Guid> ids)
    {
        // Random bytes in blocks, so a 10,000-row request asks the generator a few times instead of once per id.
        Span<byte> random = stackalloc byte[8 * 64];
        Span<long> milliseconds = stackalloc long[64];
        Span<int> sequences = stackalloc int[64];
        for (var block = 0; block < ids.Length; block += 64)
        {
            var count = Math.Min(64, ids.Length - block);
            RandomNumberGenerator.Fill(random[..(8 * count)]);
            // The lock only hands out the block's stamps; formatting happens outside it, beside single-row requests.
            lock (Gate)
            {
                for (var i = 0; i < count; i++) (milliseconds[i], sequences[i]) = NextLocked(time);
            }
            for (var i = 0; i < count; i++) ids[block + i] = Stamp(milliseconds[i], sequences[i], random.Slice(8 * i, 8));
        }
    }

    private static (long Millisecond, int Sequence) Next(DateTimeOffset time)
    {
        lock (Gate) return NextLocked(time);
    }

    private static (long Millisecond, int Sequence) NextLocked(DateTimeOffset time)
    {
        var now = time.ToUnixTimeMilliseconds();
        if (now > lastMillisecond)
        {
            lastMillisecond = now;
            // A random start below half the 12-bit range leaves room to count up within the millisecond.
            counter = RandomNumberGenerator.GetInt32(0x800);
        }
        else if (++counter > 0xFFF)
        {
            // More than the counter holds in one millisecond: borrow the next one, keeping the order.
            lastMillisecond++;
            counter = 0;
        }
        return (lastMillisecond, counter);
    }

    private static Guid Stamp(long millisecond, int sequence, ReadOnlySpan<byte> random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.CopyTo(bytes[8..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, millisecond << 16);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[6..], (ushort)(0x7000 | sequence));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
