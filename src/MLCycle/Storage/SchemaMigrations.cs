namespace MLCycle.Storage;

/// <summary>The store's schema history, in order. Append new migrations; never edit an applied one.</summary>
internal static class SchemaMigrations
{
    // Runs are ordered by run_seq (creation order), so "newest first" holds even within one millisecond.
    // Times are Unix milliseconds (BIGINT) so both engines store and compare them the same way.
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "tracking", d => $"""
            CREATE TABLE experiments (
                experiment_id {d.AutoIncrementPrimaryKey},
                name TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL);
            CREATE TABLE runs (
                run_seq {d.AutoIncrementPrimaryKey},
                run_id VARCHAR(32) NOT NULL UNIQUE,
                experiment_id BIGINT NOT NULL REFERENCES experiments (experiment_id),
                name TEXT,
                status VARCHAR(16) NOT NULL,
                start_time BIGINT NOT NULL,
                end_time BIGINT,
                error TEXT);
            CREATE INDEX ix_runs_experiment ON runs (experiment_id, run_seq);
            CREATE TABLE params (
                run_id VARCHAR(32) NOT NULL REFERENCES runs (run_id),
                key VARCHAR(250) NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (run_id, key));
            CREATE TABLE tags (
                run_id VARCHAR(32) NOT NULL REFERENCES runs (run_id),
                key VARCHAR(250) NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (run_id, key));
            CREATE TABLE metrics (
                metric_id {d.AutoIncrementPrimaryKey},
                run_id VARCHAR(32) NOT NULL REFERENCES runs (run_id),
                key VARCHAR(250) NOT NULL,
                value DOUBLE PRECISION NOT NULL,
                is_nan SMALLINT NOT NULL,
                step BIGINT NOT NULL,
                logged_at BIGINT NOT NULL);
            CREATE INDEX ix_metrics_run_key ON metrics (run_id, key, step);
            """),
        new(2, "registry", d => $"""
            CREATE TABLE registered_models (
                name VARCHAR(128) NOT NULL PRIMARY KEY,
                created_at BIGINT NOT NULL,
                description TEXT);
            CREATE TABLE model_versions (
                name VARCHAR(128) NOT NULL REFERENCES registered_models (name),
                version INTEGER NOT NULL,
                run_id VARCHAR(32) NOT NULL REFERENCES runs (run_id),
                package_path TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                description TEXT,
                PRIMARY KEY (name, version));
            CREATE TABLE model_aliases (
                name VARCHAR(128) NOT NULL,
                alias VARCHAR(64) NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (name, alias),
                FOREIGN KEY (name, version) REFERENCES model_versions (name, version));
            CREATE TABLE alias_history (
                history_id {d.AutoIncrementPrimaryKey},
                name VARCHAR(128) NOT NULL,
                alias VARCHAR(64) NOT NULL,
                from_version INTEGER,
                to_version INTEGER,
                actor TEXT NOT NULL,
                reason TEXT,
                changed_at BIGINT NOT NULL);
            CREATE INDEX ix_alias_history_name ON alias_history (name, history_id);
            """),
        new(3, "prediction log", d => $"""
            CREATE TABLE prediction_log (
                prediction_id {d.AutoIncrementPrimaryKey},
                model_name VARCHAR(128) NOT NULL,
                version INTEGER NOT NULL,
                predicted_at BIGINT NOT NULL,
                inputs TEXT NOT NULL,
                output TEXT NOT NULL);
            CREATE INDEX ix_prediction_log_model_time ON prediction_log (model_name, predicted_at);
            """),
        // The owner (process, host, process start time) lets the next open tell a run whose process died from a live one;
        // the package hash covers manifest and model together and lives here, away from the files it protects.
        new(4, "run owner and package hash", _ => """
            ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
            ALTER TABLE runs ADD COLUMN owner_host TEXT;
            ALTER TABLE runs ADD COLUMN owner_started BIGINT;
            CREATE INDEX ix_runs_status ON runs (status);
            ALTER TABLE model_versions ADD COLUMN package_sha256 VARCHAR(64);
            """),
        // Tokens are found by their public prefix and checked against a slow hash; the audit log is only ever inserted into.
        new(5, "users, tokens, grants and audit log", d => $"""
            CREATE TABLE users (
                user_id {d.AutoIncrementPrimaryKey},
                name VARCHAR(64) NOT NULL UNIQUE,
                is_admin SMALLINT NOT NULL,
                created_at BIGINT NOT NULL);
            CREATE TABLE api_tokens (
                prefix VARCHAR(16) NOT NULL PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users (user_id),
                token_hash VARCHAR(100) NOT NULL,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT);
            CREATE INDEX ix_api_tokens_user ON api_tokens (user_id);
            CREATE TABLE user_grants (
                user_id BIGINT NOT NULL REFERENCES users (user_id),
                scope VARCHAR(16) NOT NULL,
                target VARCHAR(256) NOT NULL,
                role VARCHAR(16) NOT NULL,
                granted_at BIGINT NOT NULL,
                PRIMARY KEY (user_id, scope, target));
            CREATE TABLE audit_log (
                audit_id {d.AutoIncrementPrimaryKey},
                logged_at BIGINT NOT NULL,
                actor TEXT NOT NULL,
                address TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT,
                allowed SMALLINT NOT NULL,
                status INTEGER,
                before_json TEXT,
                after_json TEXT,
                detail TEXT);
            CREATE INDEX ix_audit_log_time ON audit_log (logged_at);
            """),
        // Prediction ids are the key outcomes join on; rows that could not be logged are counted per model and UTC day so a reader of
        // the log knows what it cannot see; outcomes are keyed by prediction id, the last one sent wins.
        new(6, "prediction ids, dropped rows and outcomes", _ => """
            ALTER TABLE prediction_log ADD COLUMN id VARCHAR(36);
            CREATE UNIQUE INDEX ix_prediction_log_id ON prediction_log (id);
            CREATE TABLE prediction_log_dropped (
                model_name VARCHAR(128) NOT NULL,
                day VARCHAR(10) NOT NULL,
                dropped BIGINT NOT NULL,
                PRIMARY KEY (model_name, day));
            CREATE TABLE prediction_outcomes (
                id VARCHAR(36) NOT NULL PRIMARY KEY,
                model_name VARCHAR(128) NOT NULL,
                label TEXT,
                value DOUBLE PRECISION,
                received_at BIGINT NOT NULL);
            CREATE INDEX ix_prediction_outcomes_model ON prediction_outcomes (model_name);
            """),
        // Routes of a model's default reference (shadow, canary) with their history; the log says which role each row played, and a
        // shadow row points at the prediction it shadowed, so an outcome sent for that id measures both versions.
        new(7, "serving routes and prediction roles", d => $"""
            CREATE TABLE model_routes (
                name VARCHAR(128) NOT NULL REFERENCES registered_models (name),
                kind VARCHAR(8) NOT NULL,
                target_alias VARCHAR(64),
                target_version INTEGER,
                share_percent DOUBLE PRECISION,
                actor TEXT NOT NULL,
                set_at BIGINT NOT NULL,
                PRIMARY KEY (name, kind));
            CREATE TABLE route_history (
                history_id {d.AutoIncrementPrimaryKey},
                name VARCHAR(128) NOT NULL,
                kind VARCHAR(8) NOT NULL,
                target TEXT,
                share_percent DOUBLE PRECISION,
                actor TEXT NOT NULL,
                changed_at BIGINT NOT NULL);
            CREATE INDEX ix_route_history_name ON route_history (name, history_id);
            ALTER TABLE prediction_log ADD COLUMN role VARCHAR(8) NOT NULL DEFAULT 'primary';
            ALTER TABLE prediction_log ADD COLUMN primary_id VARCHAR(36);
            """),
        // Protection is per model and alias (no row: champion is protected on a store with users); a request keeps its evidence
        // as JSON; an alias move made by an approval names its request, so "who approved what was live" is one join.
        new(8, "alias protection and approval requests", d => $"""
            CREATE TABLE alias_protection (
                name VARCHAR(128) NOT NULL REFERENCES registered_models (name),
                alias VARCHAR(64) NOT NULL,
                is_protected SMALLINT NOT NULL,
                actor TEXT NOT NULL,
                changed_at BIGINT NOT NULL,
                PRIMARY KEY (name, alias));
            CREATE TABLE approval_requests (
                request_id {d.AutoIncrementPrimaryKey},
                name VARCHAR(128) NOT NULL,
                alias VARCHAR(64) NOT NULL,
                version INTEGER NOT NULL,
                requester TEXT NOT NULL,
                reason TEXT NOT NULL,
                state VARCHAR(16) NOT NULL,
                requested_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                decider TEXT,
                decision_reason TEXT,
                decided_at BIGINT,
                superseded_by BIGINT,
                evidence TEXT,
                FOREIGN KEY (name, version) REFERENCES model_versions (name, version));
            CREATE INDEX ix_approval_requests_name ON approval_requests (name, request_id);
            CREATE INDEX ix_approval_requests_state ON approval_requests (state, request_id);
            ALTER TABLE alias_history ADD COLUMN request_id BIGINT;
            """),
        // Searches compare and sort runs by each metric's latest value: one row per run and key, kept by every batch, so a filter
        // reads an index instead of ranking every logged value. NaN is kept as NULL here (it matches no comparison and sorts last).
        new(9, "latest metrics for run search", _ => """
            CREATE TABLE latest_metrics (
                run_id VARCHAR(32) NOT NULL REFERENCES runs (run_id),
                key VARCHAR(250) NOT NULL,
                value DOUBLE PRECISION,
                is_nan SMALLINT NOT NULL,
                step BIGINT NOT NULL,
                logged_at BIGINT NOT NULL,
                PRIMARY KEY (run_id, key));
            CREATE INDEX ix_latest_metrics_key_value ON latest_metrics (key, value);
            INSERT INTO latest_metrics (run_id, key, value, is_nan, step, logged_at)
            SELECT run_id, key, CASE WHEN is_nan = 1 THEN NULL ELSE value END, is_nan, step, logged_at FROM (
                SELECT run_id, key, value, is_nan, step, logged_at,
                       ROW_NUMBER() OVER (PARTITION BY run_id, key ORDER BY step DESC, logged_at DESC, metric_id DESC) AS position
                FROM metrics) ranked
            WHERE position = 1;
            """),
        // A search for params.p = 'x' or tags.t = 'x' reads an index instead of every param of every run. The index holds the first 200
        // characters of a value only: a whole value (params reach 6,000 characters) can exceed the largest entry a PostgreSQL B-tree takes.
        new(10, "param and tag values for run search", _ => """
            CREATE INDEX ix_params_key_value ON params (key, substr(value, 1, 200));
            CREATE INDEX ix_tags_key_value ON tags (key, substr(value, 1, 200));
            """),
        // PostgreSQL estimates "key = k AND value = v" as if key and value were independent: params.p1 = 'x' looked like 1,200 rows of
        // 100,000 runs instead of 25,000, so it filtered every match before sorting rather than reading the sort key's index in
        // order and stopping after a page. Statistics over each pair fix the estimate (ANALYZE, or autovacuum, fills them); SQLite
        // has no such statistics.
        new(11, "key and value statistics for run search", d => d is PostgresDialect
            ? """
              CREATE STATISTICS st_latest_metrics_key_value (mcv) ON key, value FROM latest_metrics;
              CREATE STATISTICS st_params_key_value (mcv) ON key, substr(value, 1, 200) FROM params;
              CREATE STATISTICS st_tags_key_value (mcv) ON key, substr(value, 1, 200) FROM tags;
              """
            : "SELECT 1"),
        // PostgreSQL checks a foreign key row by row: 1,000 metrics meant 1,000 lookups of the same run, about half of the insert's
        // CPU time (7 of 14 ms, measured with log_statement_stats). MetricWrites, the only writer of both tables, instead locks the
        // run once per batch as the check would (FOR KEY SHARE), in the statement that inserts the history. SQLite keeps its keys.
        new(12, "one run check per metric batch", d => d is PostgresDialect
            ? """
              ALTER TABLE metrics DROP CONSTRAINT metrics_run_id_fkey;
              ALTER TABLE latest_metrics DROP CONSTRAINT latest_metrics_run_id_fkey;
              """
            : "SELECT 1"),
        // The audit log is append-only in the database itself, so a script or a psql session cannot rewrite history either:
        // an UPDATE, DELETE (or TRUNCATE, on PostgreSQL) of audit_log aborts.
        new(13, "audit log refuses updates and deletes", d => d is PostgresDialect
            ? """
              CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN
                  RAISE EXCEPTION 'The audit log is append-only: % on audit_log is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
              END $$;
              CREATE TRIGGER tr_audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
                  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
              CREATE TRIGGER tr_audit_log_no_truncate BEFORE TRUNCATE ON audit_log
                  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
              """
            : """
              CREATE TRIGGER tr_audit_log_no_update BEFORE UPDATE ON audit_log
              BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: UPDATE on audit_log is refused'); END;
              CREATE TRIGGER tr_audit_log_no_delete BEFORE DELETE ON audit_log
              BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: DELETE on audit_log is refused'); END;
              """),
        // Each logged row keeps the caller's own key (monitor.key, e.g. customerID) so outcomes can be sent by it; the index serves
        // "the latest prediction of these keys per version".
        new(14, "prediction keys", _ => """
            ALTER TABLE prediction_log ADD COLUMN row_key VARCHAR(256);
            CREATE INDEX ix_prediction_log_key ON prediction_log (model_name, row_key, predicted_at);
            """),
        // A B-tree entry per logged value was most of a batch's cost on PostgreSQL (1,000 descents of ix_metrics_run_key comparing
        // text keys, 4 of 8 ms of CPU per 1,000 metrics): the history becomes one row per run, key and batch, its values in arrays in
        // batch order, so a batch of 50 keys writes 50 rows and 50 index entries (1 ms; ADR 0045). history_id orders the batches
        // of one key as metric_id ordered rows; a row's array position orders values within it. The old rows move over, each
        // run and key as one row in metric_id order, in this transaction. SQLite, which has no arrays, keeps a row per value.
        new(15, "metric history in arrays per batch", d => d is PostgresDialect
            ? """
              CREATE TABLE metric_history (
                  history_id BIGINT GENERATED BY DEFAULT AS IDENTITY,
                  run_id VARCHAR(32) NOT NULL,
                  key VARCHAR(250) NOT NULL,
                  value_list DOUBLE PRECISION[] NOT NULL,
                  is_nan_list SMALLINT[] NOT NULL,
                  step_list BIGINT[] NOT NULL,
                  logged_at_list BIGINT[] NOT NULL,
                  PRIMARY KEY (run_id, key, history_id));
              INSERT INTO metric_history (run_id, key, value_list, is_nan_list, step_list, logged_at_list)
              SELECT run_id, key, array_agg(value ORDER BY metric_id), array_agg(is_nan ORDER BY metric_id),
                     array_agg(step ORDER BY metric_id), array_agg(logged_at ORDER BY metric_id)
              FROM metrics GROUP BY run_id, key;
              DROP TABLE metrics;
              """
            : "SELECT 1"),
        // A run started through the API holds a lease its client renews (ADR 0055): heartbeat_at is the last renewal, lease_until
        // when the lease lapses, lease_lapsed marks a run the server ended for want of a heartbeat (so a late write from its client
        // is told why). Existing runs have no lease (NULL) and are never swept. The partial index holds only Running leased runs,
        // so a sweep reads a handful of entries however many runs the store keeps.
        new(16, "run leases", _ => """
            ALTER TABLE runs ADD COLUMN heartbeat_at BIGINT;
            ALTER TABLE runs ADD COLUMN lease_until BIGINT;
            ALTER TABLE runs ADD COLUMN lease_lapsed SMALLINT NOT NULL DEFAULT 0;
            CREATE INDEX ix_runs_lease ON runs (lease_until) WHERE status = 'Running' AND lease_until IS NOT NULL;
            """),
        // The key index took an entry for every logged row, keyed or not: for a model without a key column, one of each row's three
        // index inserts went to entries no query reads (ADR 0065). Only "row_key IN (...)" reads it, and both planners match that
        // to an index on keyed rows (PredictionLogQueryPlanTests checks every read of the log).
        new(17, "key index on keyed rows only", _ => """
            DROP INDEX ix_prediction_log_key;
            CREATE INDEX ix_prediction_log_key ON prediction_log (model_name, row_key, predicted_at) WHERE row_key IS NOT NULL;
            """),
        // A many-row request's log rows as one record (ADR 0078): two blobs and three index entries per pack instead of a row and three index
        // entries per prediction. first_id is unique, so a pack written twice fails as a row written twice does; last_id with
        // first_id finds the packs that may hold an id without reading their rows.
        new(18, "prediction log packs", d => $"""
            CREATE TABLE prediction_log_packs (
                pack_id {d.AutoIncrementPrimaryKey},
                model_name VARCHAR(128) NOT NULL,
                version INTEGER NOT NULL,
                predicted_at BIGINT NOT NULL,
                role VARCHAR(8) NOT NULL,
                row_count INTEGER NOT NULL,
                first_id VARCHAR(36) NOT NULL,
                last_id VARCHAR(36) NOT NULL,
                ids {d.BlobType} NOT NULL,
                entries {d.BlobType} NOT NULL);
            CREATE INDEX ix_prediction_log_packs_model_time ON prediction_log_packs (model_name, predicted_at, pack_id);
            CREATE UNIQUE INDEX ix_prediction_log_packs_first_id ON prediction_log_packs (first_id);
            CREATE INDEX ix_prediction_log_packs_last_id ON prediction_log_packs (model_name, last_id, first_id);
            {(d is PostgresDialect ? PacksStoredUncompressed : "")}
            """),
    ];

    // PostgreSQL compresses a value of more than about 2 kB before storing it out of line (TOAST); a pack's blobs are hundreds of
    // kilobytes of JSON, and compressing them took more of the server's CPU than the rows' inserts it replaced (ADR 0078).
    private const string PacksStoredUncompressed = """
        ALTER TABLE prediction_log_packs ALTER COLUMN ids SET STORAGE EXTERNAL;
        ALTER TABLE prediction_log_packs ALTER COLUMN entries SET STORAGE EXTERNAL;
        """;
}
