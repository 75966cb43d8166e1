using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace MLCycle.Server;

/// <summary>
/// Kestrel's connection memory in blocks of <see cref="BlockSize"/> bytes instead of its own 4 KB: the socket transport reads into one
/// block per receive call, so a 1.2 MB prediction body took about 300 receive calls (and as many wake-ups of the request's reader) and
/// now takes about 20. The calls, not the bytes, were the cost: a refused large request, whose body Kestrel still reads and discards to
/// keep the connection, cost the server about 3 CPU ms, most of it in receive calls (docs/adr/0059).
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    /// <summary>The block size: Kestrel caps its read-ahead at 1 MB per connection, 16 blocks.</summary>
    public const int BlockSize = 64 * 1024;

    // Blocks kept for reuse beyond this are left to the garbage collector, so a burst of connections does not pin memory for ever.
    private const int MaxRetained = 256;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _retained;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _retained);
            block.Rented = true;
            return block;
        }
        return new Block(this);
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _retained) > MaxRetained)
        {
            Interlocked.Decrement(ref _retained);
            return;
        }
        _free.Enqueue(block);
    }

    protected override void Dispose(bool disposing)
    {
        // Blocks are plain pinned arrays: dropping them is enough.
        _free.Clear();
    }

    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly LargeBlockMemoryPool _pool;

        public Block(LargeBlockMemoryPool pool)
        {
            _pool = pool;
            // On the pinned object heap, so the socket's receive and send need no pinning handle per call.
            Memory = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);
            Rented = true;
        }

        public Memory<byte> Memory { get; }

        public bool Rented { get; set; }

        public void Dispose()
        {
            if (!Rented) return;
            Rented = false;
            _pool.Return(this);
        }
    }

    /// <summary>Gives Kestrel this pool in place of its own.</summary>
    internal sealed class Factory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
    }
}
