using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using MLCycle.Data.Sources;

namespace MLCycle.Data.Snapshots;

/// <summary>
/// Reads a local CSV file from disk once: its first bytes go through one pipe to DuckDB's sniffer (<c>sniff_csv</c>),
/// then the whole file through a second pipe to <c>read_csv</c> with the sniffed settings, hashed on the way.
/// Each DuckDB statement opens its pipe once: a sniffing <c>read_csv</c> would open the file twice.
/// </summary>
internal static partial class PipedCsvRead
{
    /// <summary>DuckDB's CSV buffer: the sniffer reads this much from the start of a file.</summary>
    public const int SniffBytes = 32_000_000;

    private const string Sniffed = "mlcycle_sniff";
    private const string Relation = "mlcycle_source";
    private static readonly string[] Extensions = [".csv", ".tsv", ".txt"];

    /// <summary>The snapshot, or null when this way of reading does not apply or DuckDB refused (the ordinary read then says why).</summary>
    public static async Task<DataSnapshot?> TryReadAsync(string path, TableReadOptions options,
        Func<IReadOnlyList<ColumnInfo>, IReadOnlyDictionary<string, ColumnKind>>? refine, CancellationToken ct)
    {
        if (!Extensions.Contains(Path.GetExtension(path).ToLowerInvariant()) || !File.Exists(path) || new FileInfo(path).Length == 0) return null;
        var session = DuckDbSession.Open(options.MemoryLimit);
        try
        {
            if (TableSourceResolver.Resolve(path, options, session, ct) is not CsvSource csv) return null;
            return await ReadAsync(csv, session, options, refine, ct).ConfigureAwait(false);
        }
        catch (DuckDBException)
        {
            return null;
        }
        finally
        {
            session.Dispose();
        }
    }

    private static async Task<DataSnapshot?> ReadAsync(CsvSource csv, DuckDbSession session, TableReadOptions options,
        Func<IReadOnlyList<ColumnInfo>, IReadOnlyDictionary<string, ColumnKind>>? refine, CancellationToken ct)
    {
        await using var file = new FileStream(csv.File, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var length = file.Length;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new byte[(int)Math.Min(length, SniffBytes)];
        await file.ReadExactlyAsync(head, ct).ConfigureAwait(false);
        hash.AppendData(head);
        // The sniffer is given whole lines, as it would see a file that ends there.
        var sniffLength = head.Length == length ? head.Length : Array.LastIndexOf(head, (byte)'\n') + 1;
        if (sniffLength == 0) return null;

        string? prompt;
        using (var pipe = NamedPipe.TryCreate())
        {
            if (pipe is null) return null;
            pipe.Serve(s =>
            {
                s.Write(head, 0, sniffLength);
                return sniffLength;
            });
            try
            {
                session.Execute($"CREATE TEMP TABLE {Sniffed} AS SELECT * FROM {csv.Call("sniff_csv", pipe.Path, SourceReadHints.None)}");
            }
            finally
            {
                await pipe.FinishAsync().ConfigureAwait(false);
            }
            prompt = ReadCall(session, pipe.Path);
        }
        if (prompt is null) return null;
        var described = Described(session);
        PreparedSource.CheckOverrides(csv, described, options);
        var prelude = described.Select(d => new ColumnInfo(d.Name, options.Types.TryGetValue(d.Name, out var kind) ? kind : DuckTypes.DefaultKind(d.Type), d.Type)).ToList();
        var read = refine is null ? options : options with { Types = refine(prelude) };
        // Columns given a kind are read as the text in the file, as TableReader reads them.
        foreach (var (name, type) in described.Where(d => read.Types.ContainsKey(d.Name) && d.Type != "VARCHAR"))
        {
            var column = $"{SqlText.Literal(name)}: {SqlText.Literal(type)}";
            if (!prompt.Contains(column, StringComparison.Ordinal)) return null;
            prompt = prompt.Replace(column, $"{SqlText.Literal(name)}: 'VARCHAR'", StringComparison.Ordinal);
        }
        ct.ThrowIfCancellationRequested();

        using (var pipe = NamedPipe.TryCreate())
        {
            if (pipe is null) return null;
            pipe.Serve(s => Copy(head, file, hash, s));
            long? written;
            try
            {
                session.Execute($"CREATE TEMP TABLE {Relation} AS SELECT * FROM {string.Format(System.Globalization.CultureInfo.InvariantCulture, prompt, SqlText.Literal(pipe.Path))}");
            }
            finally
            {
                written = await pipe.FinishAsync().ConfigureAwait(false);
            }
            if (written != length) return null;
        }
        ct.ThrowIfCancellationRequested();

        var prepared = PreparedSource.Materialised(csv, session, Relation, read);
        if (refine is not null && refine(prepared.Columns.Select(c => c.Info).ToList()) is var again && Adds(again, read.Types))
        {
            // A free-text target the first look took for a category: planned again over the table, not read again.
            read = read with { Types = again };
            prepared = PreparedSource.Materialised(csv, session, Relation, read);
        }
        using var reader = session.Query(prepared.SelectSql(), streaming: true);
        var table = TableReader.ReadRows(reader, prepared.Columns, (int)Math.Min(prepared.Rows ?? 1024, Array.MaxLength), int.MaxValue, ct);
        return new DataSnapshot(table, csv.Path, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>The <c>read_csv</c> call the sniffer settled on, with <c>{0}</c> where the file goes; null if it is not one.</summary>
    private static string? ReadCall(DuckDbSession session, string pipePath)
    {
        using var reader = session.Query($"SELECT Prompt FROM {Sniffed}");
        if (!reader.Read() || reader.IsDBNull(0)) return null;
        var prompt = reader.GetString(0).Trim();
        var file = SqlText.Literal(pipePath);
        if (!prompt.StartsWith("FROM read_csv(" + file, StringComparison.Ordinal)) return null;
        // The sniffed new_line is left out: with strict_mode, DuckDB 1.5 reads a CRLF file given new_line='\r\n' as a
        // header with no rows; without it the parser takes \n, \r and \r\n as line ends, as the ordinary read does.
        // Only before the columns, whose names are free text.
        var columns = prompt.IndexOf(", columns={", StringComparison.Ordinal);
        if (columns > 0) prompt = NewLine().Replace(prompt[..columns], "") + prompt[columns..];
        // Braces in the call (the columns struct) are doubled so the call can be a format string.
        return prompt["FROM ".Length..].TrimEnd(';', ' ').Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal)
            .Replace(file, "{0}", StringComparison.Ordinal);
    }

    [GeneratedRegex(@",\s*new_line='[^']*'")]
    private static partial Regex NewLine();

    private static List<(string Name, string Type)> Described(DuckDbSession session)
    {
        var columns = new List<(string, string)>();
        using var reader = session.Query($"SELECT c.name, c.type FROM (SELECT unnest(Columns) AS c FROM {Sniffed})");
        while (reader.Read()) columns.Add((reader.GetString(0), reader.GetString(1)));
        return columns;
    }

    private static bool Adds(IReadOnlyDictionary<string, ColumnKind> again, IReadOnlyDictionary<string, ColumnKind> before) =>
        again.Any(p => !before.TryGetValue(p.Key, out var kind) || kind != p.Value);

    private static long Copy(byte[] head, FileStream file, IncrementalHash hash, Stream pipe)
    {
        pipe.Write(head);
        long total = head.Length;
        var buffer = new byte[1 << 20];
        int n;
        while ((n = file.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            pipe.Write(buffer, 0, n);
            total += n;
        }
        return total;
    }
}
