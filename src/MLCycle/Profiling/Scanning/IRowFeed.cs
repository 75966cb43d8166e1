using MLCycle.Data;

namespace MLCycle.Profiling.Scanning;

/// <summary>A source the profiler can pass over several times, split into chunks that may be read in parallel.</summary>
internal interface IRowFeed : IDisposable
{
    IReadOnlyList<ColumnInfo> Columns { get; }

    /// <summary>How many chunks a pass has; a pass takes one sink per chunk. The chunking is the same on every pass.</summary>
    int Chunks { get; }

    /// <summary>About how many rows the source has, when that is cheap to tell before reading it (null when not).</summary>
    long? EstimatedRows { get; }

    /// <summary>One pass over every row; returns the rows of each chunk.</summary>
    IReadOnlyList<long> Scan(IReadOnlyList<RowSink> sinks, CancellationToken ct);
}
