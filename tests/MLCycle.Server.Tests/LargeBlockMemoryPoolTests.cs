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
}
