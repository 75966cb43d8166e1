namespace MLCycle.Server.Tests;

/// <summary>The connection memory pool Kestrel reads into: whole 64 KB blocks whatever the size asked, reused once given back.</summary>
public sealed class LargeBlockMemoryPoolTests
{
    [Fact]
    public void Rent_anySizeUpToABlock_givesAWholeBlockThatIsReusedAfterDispose()
    {
        using var pool = new LargeBlockMemoryPool();
        var first = pool.Rent(2048);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, first.Memory.Length);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, pool.MaxBufferSize);
        first.Memory.Span[0] = 42;
        var other = pool.Rent();
        Assert.NotSame(first, other);

        first.Dispose();
        first.Dispose(); // a second dispose must not put the block in the queue twice
        var again = pool.Rent(LargeBlockMemoryPool.BlockSize);
        var fresh = pool.Rent();

        Assert.Same(first, again);
        Assert.NotSame(again, fresh);
        Assert.Equal(42, again.Memory.Span[0]);
    }

    [Fact]
    public void Rent_moreThanABlock_isRefused()
    {
        using var pool = new LargeBlockMemoryPool();
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public async Task Rent_byAThousandConnectionsAtOnce_neverSharesABlockAndKeepsAtMost256()
    {
        // 1,000 connections at once, each holding 1 to 16 blocks (Kestrel's 1 MB read-ahead) stamped with its own number, checked
        // after every other connection had its turn, then given back: no block is ever held by two, and no more than 256 are kept.
        using var pool = new LargeBlockMemoryPool();
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<byte[], bool>(ReferenceEqualityComparer.Instance);
        var connections = Enumerable.Range(0, 1_000).Select(c => Task.Run(async () =>
        {
            var blocks = Enumerable.Range(0, 1 + c % 16).Select(_ => pool.Rent()).ToList();
            foreach (var block in blocks)
            {
                seen[Array(block)] = true;
                BitConverter.TryWriteBytes(block.Memory.Span, c);
                BitConverter.TryWriteBytes(block.Memory.Span[^4..], c);
            }
            await Task.Delay(10 + c % 7);
            foreach (var block in blocks)
            {
                Assert.Equal(c, BitConverter.ToInt32(block.Memory.Span));
                Assert.Equal(c, BitConverter.ToInt32(block.Memory.Span[^4..]));
                block.Dispose();
            }
        })).ToList();
        await Task.WhenAll(connections);

        var again = Enumerable.Range(0, 300).Select(_ => pool.Rent()).ToList();
        var reused = again.Count(b => seen.ContainsKey(Array(b)));
        Assert.Equal(256, reused);
        Assert.Equal(again.Count, again.Select(Array).Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    private static byte[] Array(System.Buffers.IMemoryOwner<byte> block) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(block.Memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");
}
