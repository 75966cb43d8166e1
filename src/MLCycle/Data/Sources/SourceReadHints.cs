namespace MLCycle.Data.Sources;

/// <summary>What a source should read as raw text where it can (sources that cannot are cast afterwards).</summary>
internal sealed record SourceReadHints(bool AllText, IReadOnlyCollection<string> TextColumns)
{
    public static SourceReadHints None { get; } = new(false, []);

    public bool IsNone => !AllText && TextColumns.Count == 0;
}
