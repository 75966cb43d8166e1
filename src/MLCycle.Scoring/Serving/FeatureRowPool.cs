using System.Collections.Concurrent;
using MLCycle.Preparation;

namespace MLCycle.Serving;

/// <summary>
/// Feature rows a model's scoring calls borrow and give back (ADR 0069): a 10,000-row request made 40,000 objects (each row and
/// its vectors) that lived until its predictions were made, so every collection that ran meanwhile copied them. Rows are lent in
/// blocks for one call; an encoder writes every slot of a row it scores, so a row needs no clearing before its next use, but the
/// strings it holds (the caller's text and unseen categories) are cleared on return so the pool keeps no caller's data alive.
/// </summary>
internal sealed class FeatureRowPool(FeatureLayout layout, int maxBlocks = 32)
{
    /// <summary>Rows per block lent.</summary>
    public const int BlockRows = 1024;

    private readonly ConcurrentBag<FeatureRow[]> _blocks = [];
    private int _kept;

    /// <summary>Lends rows for indexes [0, <paramref name="count"/>), until the lease is disposed.</summary>
    public Lease Rent(int count)
    {
        var blocks = new FeatureRow[(count + BlockRows - 1) / BlockRows][];
        for (var b = 0; b < blocks.Length; b++)
        {
            if (_blocks.TryTake(out var block)) Interlocked.Decrement(ref _kept);
            else block = NewBlock();
            blocks[b] = block;
        }
        return new Lease(this, blocks, count);
    }

    private FeatureRow[] NewBlock()
    {
        var block = new FeatureRow[BlockRows];
        for (var i = 0; i < block.Length; i++) block[i] = layout.CreateRow();
        return block;
    }

    private void Return(FeatureRow[][] blocks, int count)
    {
        for (var b = 0; b < blocks.Length; b++)
        {
            var block = blocks[b];
            var used = Math.Min(BlockRows, count - b * BlockRows);
            for (var i = 0; i < used; i++)
            {
                var row = block[i];
                Array.Clear(row.Categorical);
                Array.Clear(row.Hashed);
                Array.Clear(row.Text);
            }
            // Past the bound a block is left to the collector: a burst of huge calls does not stay in memory.
            if (Interlocked.Increment(ref _kept) <= maxBlocks) _blocks.Add(block);
            else Interlocked.Decrement(ref _kept);
        }
    }

    /// <summary>The rows one call borrowed: row r is at <c>this[r]</c>.</summary>
    public readonly struct Lease(FeatureRowPool pool, FeatureRow[][] blocks, int count) : IDisposable
    {
        public FeatureRow this[int row] => blocks[row / BlockRows][row % BlockRows];

        public void Dispose() => pool.Return(blocks, count);
    }
}
