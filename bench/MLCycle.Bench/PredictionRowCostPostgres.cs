using System.Diagnostics;
using System.Globalization;
using MLCycle.Monitoring;

namespace MLCycle.Bench;

/// <summary>
/// rowcost's PostgreSQL half (ADR 0065): the same rows through the store's own binary COPY (PostgresPredictionCopy, 2,000 rows per
/// transaction as the writer flushes) into schemas whose prediction_log differs in one index each. The measure is the CPU of the
/// cluster's processes per flush (PostgresFlushStore sums all of them, so the cluster must be one nobody else uses) and of this
/// process; the variants take turns round by round.
/// </summary>
internal static class PredictionRowCostPostgres
{
    private static readonly (string Name, string Schema, bool Keyed)[] Variants =
    [
        ("schema 16 (main): 3 indexes", "", false),
        ("no indexes", "DROP INDEX ix_prediction_log_key; DROP INDEX ix_prediction_log_id; DROP INDEX ix_prediction_log_model_time;", false),
        ("no key index (model_name, row_key, predicted_at)", "DROP INDEX ix_prediction_log_key;", false),
        ("key index partial: WHERE row_key IS NOT NULL", PredictionRowCost.PartialKey, false),
        ("no id index (UNIQUE, UUIDv7 text)", "DROP INDEX ix_prediction_log_id;", false),
        ("no model/time index (model_name, predicted_at)", "DROP INDEX ix_prediction_log_model_time;", false),
        ("keyed rows, as main", "", true),
        ("keyed rows, key index partial", PredictionRowCost.PartialKey, true),
    ];

    public static async Task MeasureAsync(string work, int rounds, byte[][] inputs, byte[][] outputs, string[] keys, string? only)
    {
        const int rows = PredictionRowCost.Rows;
        var chosen = Variants.Where(v => only is null || only.Split('|').Any(o => v.Name.Contains(o, StringComparison.Ordinal))).ToList();
        var stores = new List<PostgresFlushStore>();
        try
        {
            foreach (var variant in chosen)
            {
                var store = (await PostgresFlushStore.OpenAsync(work))!;
                stores.Add(store);
                await store.ExecuteAsync(PredictionRowCost.Schema16 + variant.Schema);
            }
            var server = new double[chosen.Count, rounds];
            var client = new double[chosen.Count, rounds];
            var ids = new string[rows];
            for (var round = -1; round < rounds; round++)
            {
                for (var v = 0; v < chosen.Count; v++)
                {
                    PredictionId.NewMany(DateTimeOffset.UtcNow, ids);
                    using var builder = new PredictionLogBatchBuilder(rows);
                    for (var i = 0; i < rows; i++)
                    {
                        builder.Json.WriteRawValue(inputs[i], skipInputValidation: true);
                        builder.EndInputs();
                        builder.Json.WriteRawValue(outputs[i], skipInputValidation: true);
                        builder.EndRow(ids[i], chosen[v].Keyed ? keys[i] : null);
                    }
                    var batch = builder.Build("bench-lightgbm", 1, DateTimeOffset.UtcNow, PredictionRole.Primary);
                    var serverBefore = stores[v].ServerCpuMilliseconds();
                    var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
                    for (var i = 0; i < rows; i += 2_000)
                    {
                        await stores[v].Store.Predictions.AppendRowsAsync(new PredictionLogRows([new PredictionLogSlice(batch, i, 2_000)]));
                    }
                    if (round < 0) continue;
                    client[v, round] = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalMilliseconds;
                    server[v, round] = stores[v].ServerCpuMilliseconds() - serverBefore;
                }
            }
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"## The same flush to PostgreSQL by variant (binary COPY, 5 transactions of 2,000; {rounds} rounds after one of warm-up, variants in turn; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})"));
            Console.WriteLine("| variant | the cluster's CPU ms per 10,000 rows, median (min–max) | this process's CPU ms, median |");
            Console.WriteLine("|---|---|---|");
            for (var v = 0; v < chosen.Count; v++)
            {
                var s = Enumerable.Range(0, rounds).Select(r => server[v, r]).Order().ToList();
                var c = Enumerable.Range(0, rounds).Select(r => client[v, r]).Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {chosen[v].Name} | {s[rounds / 2]:0} ({s[0]:0}–{s[^1]:0}) | {c[rounds / 2]:0.0} |"));
            }
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }
}
