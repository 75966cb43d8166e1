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
        long millisecond;
        int sequence;
        lock (Gate)
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
            millisecond = lastMillisecond;
            sequence = counter;
        }
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, millisecond << 16);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[6..], (ushort)(0x7000 | sequence));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
