namespace MLCycle.Data.Sources;

/// <summary>One kind of data source: builds the DuckDB table expression (e.g. <c>read_csv(...)</c>) that reads it.</summary>
internal interface ITableSource
{
    /// <summary>The file (or address) being read, as the user gave it; used in error messages.</summary>
    string Path { get; }

    /// <summary>True when column types are guessed from text (CSV), so a VARCHAR column of mostly numbers is suspicious.</summary>
    bool SniffsTypes { get; }

    /// <summary>The table expression to put after FROM.</summary>
    string Expression(SourceReadHints hints);
}
