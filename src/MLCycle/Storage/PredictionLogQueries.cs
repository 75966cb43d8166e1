namespace MLCycle.Storage;

/// <summary>Every statement that reads prediction_log, in one place: PredictionLogQueryPlanTests checks on both engines that each
/// one searches the log through an index, so a change to a query or to the log's indexes (ADR 0065) cannot fall back to a scan of
/// the whole log unnoticed. A new read of the log belongs here, with its plan checked there.</summary>
internal static class PredictionLogQueries
{
    /// <summary>A model's rows from a time on, oldest first (<c>monitor --logged</c>, drift windows, retraining data):
    /// @ModelName, @Since, @Limit; searches ix_prediction_log_model_time.</summary>
    public const string Read = """
        SELECT id AS Id, model_name AS ModelName, version AS Version, predicted_at AS PredictedAt, inputs AS InputsJson, output AS OutputJson,
               role AS Role, primary_id AS PrimaryId, row_key AS RowKey
        FROM prediction_log WHERE model_name = @ModelName AND predicted_at >= @Since
        ORDER BY predicted_at, prediction_id LIMIT @Limit
        """;

    /// <summary>A model's labelled rows from a time on, with their outcomes (performance windows, retraining data): @ModelName,
    /// @Since; searches ix_prediction_log_model_time, then each outcome by its key.</summary>
    public const string ReadLabelled = """
        SELECT p.id AS Id, p.version AS Version, p.predicted_at AS PredictedAt, p.output AS OutputJson, o.label AS Label, o.value AS Value,
               p.role AS Role, p.primary_id AS PrimaryId
        FROM prediction_log p JOIN prediction_outcomes o ON o.id = COALESCE(p.primary_id, p.id)
        WHERE p.model_name = @ModelName AND p.predicted_at >= @Since
        ORDER BY p.predicted_at, p.prediction_id
        """;

    /// <summary>Which of these ids the model logged (feedback by id): @ModelName, @Ids; searches ix_prediction_log_id.</summary>
    public static string FindIds(ISqlDialect dialect) =>
        $"SELECT id FROM prediction_log WHERE model_name = @ModelName AND {dialect.InList("id", "@Ids")}";

    /// <summary>The latest answered prediction of each key per version before a time (feedback by key): @ModelName, @Keys,
    /// @Before; searches ix_prediction_log_key, which holds keyed rows only (migration 17).</summary>
    /// <remarks>Shadow rows are left out: they are labelled through the answered prediction they point at (ReadLabelled).</remarks>
    public static string FindByKeys(ISqlDialect dialect) => $"""
        SELECT RowKey, Id, Version FROM (
            SELECT row_key AS RowKey, id AS Id, version AS Version,
                   ROW_NUMBER() OVER (PARTITION BY row_key, version ORDER BY predicted_at DESC, prediction_id DESC) AS newest
            FROM prediction_log
            WHERE model_name = @ModelName AND {dialect.InList("row_key", "@Keys")} AND id IS NOT NULL
                  AND role <> 'shadow' AND predicted_at <= @Before) ranked
        WHERE newest = 1
        ORDER BY RowKey, Version
        """;

    /// <summary>A model's packs (ADR 0078) from a time on, oldest first, at most @Packs of them: @ModelName, @Since, @Packs; searches
    /// ix_prediction_log_packs_model_time.</summary>
    public const string ReadPacks = """
        SELECT first_id AS FirstId, version AS Version, predicted_at AS PredictedAt, role AS Role, row_count AS RowCount, ids AS Ids, entries AS Rows
        FROM prediction_log_packs WHERE model_name = @ModelName AND predicted_at >= @Since
        ORDER BY predicted_at, pack_id LIMIT @Packs
        """;

    /// <summary>What a model's packs from a time on are, oldest first, without their blobs (the labelled rows' reader looks their
    /// outcomes up before it reads a pack): @ModelName, @Since; searches ix_prediction_log_packs_model_time.</summary>
    public const string ReadPackHeads = """
        SELECT pack_id AS PackId, first_id AS FirstId, last_id AS LastId, version AS Version, predicted_at AS PredictedAt, role AS Role, row_count AS RowCount
        FROM prediction_log_packs WHERE model_name = @ModelName AND predicted_at >= @Since
        ORDER BY predicted_at, pack_id
        """;

    /// <summary>One pack's blobs: @PackId; searches the packs' key.</summary>
    public const string ReadPack = """
        SELECT ids AS Ids, entries AS Rows FROM prediction_log_packs WHERE pack_id = @PackId
        """;

    /// <summary>The id ranges of a model's packs that meet @From to @To (feedback by id), without their blobs: @ModelName, @From, @To;
    /// searches ix_prediction_log_packs_last_id.</summary>
    public const string FindPackRanges = """
        SELECT pack_id AS PackId, first_id AS FirstId, last_id AS LastId FROM prediction_log_packs
        WHERE model_name = @ModelName AND last_id >= @From AND first_id <= @To
        """;

    /// <summary>The ids blobs of the packs @PackIds (those whose range holds an id looked for): searches the packs' key.</summary>
    public static string ReadPackIds(ISqlDialect dialect) =>
        $"SELECT first_id AS FirstId, ids AS Ids FROM prediction_log_packs WHERE {dialect.InList("pack_id", "@PackIds")}";

    /// <summary>The outcomes whose ids lie from @From to @To (a pack's rows, joined to their outcomes by the reader), with their model,
    /// which the reader checks: a filter on model_name here would let SQLite choose the outcomes' model index and read all of a
    /// model's outcomes; searches prediction_outcomes' key.</summary>
    public const string ReadOutcomeRange = """
        SELECT id AS Id, label AS Label, value AS Value, model_name AS ModelName FROM prediction_outcomes WHERE id >= @From AND id <= @To
        """;
}
