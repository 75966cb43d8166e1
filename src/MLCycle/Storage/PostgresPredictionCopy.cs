using MLCycle.Monitoring;
using Npgsql;
using NpgsqlTypes;

namespace MLCycle.Storage;

/// <summary>Writes prediction log rows on PostgreSQL with one binary COPY per batch (ADR 0057).</summary>
/// <remarks>An INSERT per row is a parse-free but still separate execution on the server (executor start, a plan node, a
/// round of protocol messages) and nine parameters on the client; COPY streams the rows in one command, and the server
/// inserts them with the same heap and index work, constraints and triggers included.</remarks>
internal static class PostgresPredictionCopy
{
    private const string CopySql = """
        COPY prediction_log (id, model_name, version, predicted_at, inputs, output, role, primary_id, row_key) FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>Copies <paramref name="entries"/> in the caller's open transaction on <paramref name="connection"/>; a repeated id
    /// fails the whole COPY with PostgreSQL's unique violation, as the first duplicate INSERT would.</summary>
    public static async Task<int> InsertAsync(NpgsqlConnection connection, IReadOnlyList<PredictionLogEntry> entries, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync(CopySql, ct).ConfigureAwait(false);
        foreach (var e in entries)
        {
            await importer.StartRowAsync(ct).ConfigureAwait(false);
            await Text(importer, e.Id, ct).ConfigureAwait(false);
            await importer.WriteAsync(e.ModelName, NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
            await importer.WriteAsync(e.Version, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
            await importer.WriteAsync(e.Time.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await importer.WriteAsync(e.InputsJson, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await importer.WriteAsync(e.OutputJson, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await importer.WriteAsync(SqlPredictionLog.RoleText(e.Role), NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
            await Text(importer, e.PrimaryId, ct).ConfigureAwait(false);
            await Text(importer, e.Key, ct).ConfigureAwait(false);
        }
        // Until Complete the server has only buffered rows; constraint errors (a repeated id) surface here.
        await importer.CompleteAsync(ct).ConfigureAwait(false);
        return entries.Count;
    }

    private static Task Text(NpgsqlBinaryImporter importer, string? value, CancellationToken ct) =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, NpgsqlDbType.Varchar, ct);
}
