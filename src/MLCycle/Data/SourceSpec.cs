namespace MLCycle.Data;

/// <summary>One source to combine: a path, glob, folder, database file or address, with how to read it (CSV dialect, table or query).</summary>
public sealed record SourceSpec(string Path, TableReadOptions? Options = null);
