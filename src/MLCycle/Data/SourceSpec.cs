namespace MLCycle.Data;

/// <summary>One source to combine: a path, glob, folder, database file or address, with how to read it (CSV dialect, table or query).</summary>
public sealed record SourceSpec(string Path, TableReadOptions? Options = null)
{
    /// <summary>Where the source was declared (e.g. a spec file, line and key), put before any error reading it; null names it by its path only.</summary>
    public string? Label { get; init; }
}
