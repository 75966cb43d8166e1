using System.Buffers;

namespace MLCycle.Monitoring;

/// <summary>An <see cref="IBufferWriter{T}"/> over one contiguous array rented from <see cref="ArrayPool{T}.Shared"/>, grown by
/// renting a larger one; <see cref="Detach"/> hands the array to its next owner, who returns it to the pool.</summary>
/// <remarks>Contiguous because the store binds each row's JSON as one span; pooled because a 10,000-row request writes megabytes
/// that would otherwise be a fresh large-object-heap array per request.</remarks>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] buffer;
    private int written;

    public PooledBufferWriter(int capacity) => buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));

    public int WrittenCount => written;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, buffer.Length - written);
        written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsMemory(written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsSpan(written);
    }

    /// <summary>The array (its first <see cref="WrittenCount"/> bytes written); this writer no longer owns it.</summary>
    public byte[] Detach()
    {
        var detached = buffer;
        buffer = [];
        written = 0;
        return detached;
    }

    public void Dispose()
    {
        var rented = buffer;
        buffer = [];
        written = 0;
        if (rented.Length > 0) ArrayPool<byte>.Shared.Return(rented);
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (buffer.Length - written >= needed) return;
        ObjectDisposedException.ThrowIf(buffer.Length == 0, this);
        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(checked(written + needed), buffer.Length * 2));
        buffer.AsSpan(0, written).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = grown;
    }
}
