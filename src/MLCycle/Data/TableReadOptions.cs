using System.Globalization;
using System.Text.RegularExpressions;

namespace MLCycle.Data;

/// <summary>How a table is read: the user's overrides of inferred column kinds, or everything as raw text.</summary>
public sealed partial record TableReadOptions
{
    /// <summary>User overrides of inferred kinds by column name, e.g. <c>{"senior_citizen": Categorical}</c>; these win over inference.</summary>
    public IReadOnlyDictionary<string, ColumnKind> Types { get; init; } = new Dictionary<string, ColumnKind>();

    /// <summary>Read every column as raw text (kind Categorical, strings exactly as in the file, empty is null); used by batch scoring.</summary>
    public bool AllText { get; init; }

    /// <summary>Delimited-text settings (delimiter, quote, encoding, header) that override detection; null detects them.</summary>
    public CsvOptions? Csv { get; init; }

    /// <summary>The table to read from a database source (SQLite file or PostgreSQL); exclusive with <see cref="Query"/>.</summary>
    public string? Table { get; init; }

    /// <summary>The SQL query whose result is read from a database source; exclusive with <see cref="Table"/>.</summary>
    public string? Query { get; init; }

    /// <summary>The largest download accepted from an HTTP(S) source, in bytes (2 GiB by default).</summary>
    public long MaxDownloadBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How long an HTTP(S) download may take in total before it is abandoned.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The most memory DuckDB may use while reading or profiling, e.g. "1GB" or "512MiB"; past it DuckDB spills to the
    /// temp folder. Null leaves DuckDB's default (80% of the machine's memory).
    /// </summary>
    public string? MemoryLimit { get; init; }

    /// <summary>The default of <see cref="MaxColumns"/>.</summary>
    /// <remarks>
    /// Twice the 2,000 columns MLCycle is benchmarked to profile and train in seconds (docs/benchmarks.md), and far beyond
    /// the usual tabular data set; a wider file is more often a transposed table or a one-hot export than data to train on.
    /// </remarks>
    public const int DefaultMaxColumns = 4_096;

    /// <summary>The most columns a source may have; a wider one is refused before its rows are read.</summary>
    public int MaxColumns { get; init; } = DefaultMaxColumns;

    /// <summary>Whether <paramref name="text"/> is a memory size DuckDB accepts: a positive number and a unit (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB).</summary>
    public static bool IsMemorySize(string? text) =>
        text is not null && MemorySize().Match(text) is { Success: true } m && double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 0;

    [GeneratedRegex(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:[KMGT]i?B|B)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MemorySize();
}
