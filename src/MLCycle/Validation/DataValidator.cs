using DuckDB.NET.Data;
using MLCycle.Data;
using MLCycle.Data.Snapshots;
using MLCycle.Profiling;

namespace MLCycle.Validation;

/// <summary>
/// Checks a data file against an <see cref="ExpectationSuite"/> with DuckDB SQL over the file (parsed once into a
/// temporary table that DuckDB spills to disk), so files larger than memory can be validated.
/// </summary>
public sealed class DataValidator
{
    /// <summary>The most offending rows reported per expectation.</summary>
    public const int MaxExamples = 5;

    /// <summary>
    /// Every expectation's result; a suite that cannot apply to the data (a rule naming an unknown column, a distribution
    /// check without a reference, an invalid regex) is an <see cref="MLCycleException"/> of kind <see cref="ErrorKind.BadSpec"/>.
    /// </summary>
    public Task<ValidationResult> ValidateAsync(string path, ExpectationSuite suite, DatasetProfile? reference = null,
        TableReadOptions? read = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(suite);
        return Task.Run(() => Validate(path, suite, reference, read, ct), ct);
    }

    // DuckDB.NET has no truly asynchronous reads (its async calls complete on the calling thread), so validation
    // is offloaded to the thread pool: the caller's thread (a server request, the CLI's progress display) stays free.
    private static ValidationResult Validate(string path, ExpectationSuite suite, DatasetProfile? reference, TableReadOptions? read, CancellationToken ct)
    {
        CheckReference(suite, reference);
        using var prepared = PreparedSource.Open(path, read, materialise: true);
        return Validate(prepared, suite, reference, ct);
    }

    /// <summary>
    /// The same checks on a run's snapshot, already read and typed: its table is handed to DuckDB from memory, so the
    /// source is not read again (docs/adr/0011).
    /// </summary>
    public Task<ValidationResult> ValidateAsync(DataSnapshot snapshot, ExpectationSuite suite, DatasetProfile? reference = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(suite);
        CheckReference(suite, reference);
        // The checks run in DuckDB, which has no asynchronous API: on the thread pool, never on the caller's thread.
        return Task.Run(() =>
        {
            using var prepared = PreparedSource.FromTable(snapshot.Table, snapshot.Name);
            return Validate(prepared, suite, reference, ct);
        }, ct);
    }

    private static ValidationResult Validate(PreparedSource prepared, ExpectationSuite suite, DatasetProfile? reference, CancellationToken ct)
    {
        try
        {
            var table = ValidationTable.Create(prepared);
            CheckRegexes(table, suite);
            var rules = suite.Rules.Select(r => (Rule: r, Sql: RuleSql(table, r))).ToList();
            var results = new List<ExpectationResult>();
            if (suite.RowCount is { } rowCount) results.Add(RowCount(table.Rows, rowCount));
            foreach (var column in suite.Columns)
            {
                ct.ThrowIfCancellationRequested();
                results.AddRange(ColumnChecks.Check(table, column, reference));
            }
            foreach (var (rule, sql) in rules)
            {
                ct.ThrowIfCancellationRequested();
                results.Add(RuleResult(table, rule, sql));
            }
            return new ValidationResult { Success = results.All(r => r.Passed), Results = results, Rows = table.Rows };
        }
        catch (DuckDBException e)
        {
            throw DuckDbErrorTranslator.Translate(e, prepared.Source);
        }
    }

    private static void CheckReference(ExpectationSuite suite, DatasetProfile? reference)
    {
        foreach (var column in suite.Columns.Where(c => c.Distribution is not null))
        {
            if (reference is null)
                throw new MLCycleException(ErrorKind.BadSpec, $"columns.{column.Name}.distribution compares with a reference profile, but none was given.");
            if (reference.Find(column.Name) is null)
                throw new MLCycleException(ErrorKind.BadSpec, $"columns.{column.Name}.distribution: the reference profile has no column '{column.Name}'; " +
                    $"its columns are {string.Join(", ", reference.Columns.Select(c => c.Name))}.");
        }
    }

    private static void CheckRegexes(ValidationTable table, ExpectationSuite suite)
    {
        foreach (var column in suite.Columns.Where(c => c.Regex is not null))
            if (table.RegexError(column.Regex!) is { } error)
                throw new MLCycleException(ErrorKind.BadSpec, $"columns.{column.Name}.regex: '{column.Regex}' is not a valid regular expression (RE2 syntax): {error}");
    }

    private static ExpectationResult RowCount(long rows, RowCountExpectation expected)
    {
        var passed = (expected.Min is null || rows >= expected.Min) && (expected.Max is null || rows <= expected.Max);
        var min = expected.Min?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";
        var max = expected.Max?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";
        return ColumnChecks.Result("row_count", null, passed, $"{rows} rows", $"rows in [{min}, {max}]");
    }

    /// <summary>The rule as SQL over the validation table; unknown or non-numeric columns are spec errors.</summary>
    private static string RuleSql(ValidationTable table, CrossColumnRule rule) => rule.Root.ToSql(name =>
    {
        if (!table.Contains(name))
            throw new MLCycleException(ErrorKind.BadSpec, $"rule \"{rule.Text}\" names column '{name}', which the data does not have.");
        var kind = table.Info(name).Kind;
        if (!TableColumn.StoresNumbers(kind))
            throw new MLCycleException(ErrorKind.BadSpec, $"rule \"{rule.Text}\" uses column '{name}', which is {kind.ToString().ToLowerInvariant()}; rules compute with numeric, boolean or date-time columns.");
        return table.Alias(name);
    });

    /// <summary>Rows where the rule is false break it; rows where it cannot be decided (a missing value) are counted apart.</summary>
    private static ExpectationResult RuleResult(ValidationTable table, CrossColumnRule rule, string sql)
    {
        var (count, examples) = table.Violations($"NOT {sql}", rule.Columns);
        var undecided = table.Count($"{sql} IS NULL");
        var observed = $"{count} rows break the rule" + (undecided > 0 ? $"; {undecided} rows not checked for missing values" : "");
        return ColumnChecks.Result("rule", null, count == 0, observed, rule.Text, count, examples);
    }
}
