namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Raised when the fast CSV reader meets something it does not handle the way DuckDB would (a ragged row, an unclosed
/// quote, a chunk split inside a quoted line break); the profiler then reads the file through DuckDB, whose strict
/// reader gives the user the precise error, if there is one.
/// </summary>
internal sealed class CsvScanAnomaly(string message, long offset) : Exception(message)
{
    public long Offset { get; } = offset;
}
