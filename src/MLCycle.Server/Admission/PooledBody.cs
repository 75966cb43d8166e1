using System.Buffers;

namespace MLCycle.Server.Admission;

/// <summary>A request body read into an array rented from the shared pool and given back on <see cref="Dispose"/>. A new 64 KB read
/// buffer per request was most of what a one-row prediction allocated (about 80 of 95 KB), and the collections it caused were most
/// of the latency tail at concurrency 1. The bytes stay valid until disposed, so a <see cref="System.Text.Json.JsonDocument"/>
/// parsed over them must be disposed first.</summary>
internal sealed class PooledBody : IDisposable
{
    private const int InitialSize = 16 * 1024;

    private byte[]? array = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int length;
    private int start;

    /// <summary>The body's bytes, without a UTF-8 byte order mark (which the JSON reader would refuse).</summary>
    public ReadOnlyMemory<byte> Bytes => Array.AsMemory(start, length - start);

    /// <summary>Everything read so far, a byte order mark included.</summary>
    internal ReadOnlySpan<byte> Read => Array.AsSpan(0, length);

    private byte[] Array => array ?? throw new ObjectDisposedException(nameof(PooledBody));

    /// <summary>Reads a whole body of at most <paramref name="maxBytes"/> bytes (a small JSON write: registry, feedback); null when it
    /// is longer, read no further than one step past the limit, so a body without Content-Length cannot grow past it either.</summary>
    public static async Task<PooledBody?> ReadBoundedAsync(Stream body, int maxBytes, CancellationToken ct)
    {
        var buffer = new PooledBody();
        try
        {
            while (await buffer.ReadFromAsync(body, ct) > 0)
            {
                if (buffer.length <= maxBytes) continue;
                buffer.Dispose();
                return null;
            }
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next part of <paramref name="body"/> onto the end, doubling the rented array when it is full.</summary>
    /// <returns>The bytes read; 0 at the end of the body.</returns>
    internal async ValueTask<int> ReadFromAsync(Stream body, CancellationToken ct)
    {
        if (length == Array.Length) Grow();
        var read = await body.ReadAsync(Array.AsMemory(length), ct);
        length += read;
        return read;
    }

    /// <summary>Leaves a leading UTF-8 byte order mark out of <see cref="Bytes"/>.</summary>
    internal void SkipByteOrderMark()
    {
        if (Read.StartsWith("\uFEFF"u8)) start = 3;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref array, null) is { } rented) ArrayPool<byte>.Shared.Return(rented);
    }

    private void Grow()
    {
        var larger = ArrayPool<byte>.Shared.Rent(checked(Array.Length * 2));
        Array.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(Array);
        array = larger;
    }
}
