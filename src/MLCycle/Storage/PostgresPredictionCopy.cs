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

    private const string InsertPackSql = """
        INSERT INTO prediction_log_packs (model_name, version, predicted_at, role, row_count, first_id, last_id, ids, entries)
        VALUES (@m, @v, @t, @r, @n, @f, @l, @i, @w)
        """;

    /// <summary>Copies <paramref name="rows"/> in the caller's open transaction on <paramref name="connection"/>; a repeated id
    /// fails the whole COPY with PostgreSQL's unique violation, as the first duplicate INSERT would.</summary>
    public static async Task<int> InsertAsync(NpgsqlConnection connection, PredictionLogRows rows, CancellationToken ct)
    {
        var (packed, single) = PredictionLogPack.Split(rows.Slices);
        await InsertPacksAsync(connection, packed, ct).ConfigureAwait(false);
        if (single.Count == 0) return rows.Count;
        await using var importer = await connection.BeginBinaryImportAsync(CopySql, ct).ConfigureAwait(false);
        foreach (var (batch, start, count) in single)
        {
            var role = SqlPredictionLog.RoleText(batch.Role);
            var time = batch.Time.ToUnixTimeMilliseconds();
            for (var r = start; r < start + count; r++)
            {
                await importer.StartRowAsync(ct).ConfigureAwait(false);
                await Text(importer, batch.IdUtf8(r), ct).ConfigureAwait(false);
                await importer.WriteAsync(batch.ModelName, NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
                await importer.WriteAsync(batch.Version, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                await importer.WriteAsync(time, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                // A text column's binary form is its UTF-8 bytes, which is what the bytea writer sends as they are (ADR 0061):
                // the server checks the encoding as for any text, and no string is made here.
                await importer.WriteAsync(batch.Inputs(r), NpgsqlDbType.Bytea, ct).ConfigureAwait(false);
                await importer.WriteAsync(batch.Output(r), NpgsqlDbType.Bytea, ct).ConfigureAwait(false);
                await importer.WriteAsync(role, NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
                await Text(importer, batch.PrimaryIdUtf8(r), ct).ConfigureAwait(false);
                await Text(importer, batch.KeyUtf8(r), ct).ConfigureAwait(false);
            }
        }
        // Until Complete the server has only buffered rows; constraint errors (a repeated id) surface here.
        await importer.CompleteAsync(ct).ConfigureAwait(false);
        return rows.Count;
    }

    // A many-row slice as one record (ADR 0078): a few per transaction, so a plain INSERT each.
    private static async Task InsertPacksAsync(NpgsqlConnection connection, List<PredictionLogSlice> packed, CancellationToken ct)
    {
        foreach (var slice in packed)
        {
            using var pack = PredictionLogPack.Of(slice);
            var batch = slice.Batch;
            await using var command = new NpgsqlCommand(InsertPackSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string>("m", NpgsqlDbType.Varchar) { TypedValue = batch.ModelName });
            command.Parameters.Add(new NpgsqlParameter<int>("v", NpgsqlDbType.Integer) { TypedValue = batch.Version });
            command.Parameters.Add(new NpgsqlParameter<long>("t", NpgsqlDbType.Bigint) { TypedValue = batch.Time.ToUnixTimeMilliseconds() });
            command.Parameters.Add(new NpgsqlParameter<string>("r", NpgsqlDbType.Varchar) { TypedValue = SqlPredictionLog.RoleText(batch.Role) });
            command.Parameters.Add(new NpgsqlParameter<int>("n", NpgsqlDbType.Integer) { TypedValue = slice.Count });
            command.Parameters.Add(new NpgsqlParameter<string>("f", NpgsqlDbType.Varchar) { TypedValue = pack.FirstId });
            command.Parameters.Add(new NpgsqlParameter<string>("l", NpgsqlDbType.Varchar) { TypedValue = pack.LastId });
            command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("i", NpgsqlDbType.Bytea) { TypedValue = pack.Ids });
            command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("w", NpgsqlDbType.Bytea) { TypedValue = pack.Rows });
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    // A varchar's binary form is its UTF-8 too, sent as the inputs are.
    private static Task Text(NpgsqlBinaryImporter importer, ReadOnlyMemory<byte>? value, CancellationToken ct) =>
        value is { } utf8 ? importer.WriteAsync(utf8, NpgsqlDbType.Bytea, ct) : importer.WriteNullAsync(ct);
}
