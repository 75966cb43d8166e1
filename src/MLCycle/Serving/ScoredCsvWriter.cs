using System.Globalization;
using System.Text;
using MLCycle.Data;
using MLCycle.Registry;

namespace MLCycle.Serving;

/// <summary>
/// Writes input rows with their predictions appended (<c>prediction</c>, one <c>probability_CLASS</c> per class, and
/// <c>explain_N_column</c>, <c>explain_N_value</c>, <c>explain_N_contribution</c> for the N largest contributions when asked, and
/// <c>error</c>) to a temporary file that becomes the output only when <see cref="CommitAsync"/> is called.
/// </summary>
public sealed class ScoredCsvWriter : IAsyncDisposable
{
    private readonly string _path;
    private readonly string _temp;
    private readonly StreamWriter _writer;
    private readonly IReadOnlyList<string> _classes;
    private readonly int _explain;
    private bool _headerWritten;
    private bool _committed;

    private ScoredCsvWriter(string path, ModelManifest manifest, int explain)
    {
        _explain = explain;
        _path = Path.GetFullPath(path);
        _temp = _path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _writer = new StreamWriter(_temp, false, new UTF8Encoding(false), 1 << 16);
        _classes = manifest.Task == TaskKind.Regression ? [] : manifest.Classes;
    }

    /// <summary>A writer for a model's predictions, with <paramref name="explain"/> contributions per row (0: none).</summary>
    public static ScoredCsvWriter Create(string path, ModelManifest manifest, int explain = 0) => new(path, manifest, explain);

    public async Task WriteAsync(Table batch, ScoringResult result, CancellationToken ct)
    {
        if (!_headerWritten)
        {
            var header = batch.Columns.Select(c => c.Name).Append("prediction").Concat(_classes.Select(c => "probability_" + c))
                .Concat(Enumerable.Range(1, _explain).SelectMany(k => new[] { $"explain_{k}_column", $"explain_{k}_value", $"explain_{k}_contribution" }))
                .Append("error");
            await _writer.WriteAsync(string.Join(',', header.Select(Quote)) + "\n");
            _headerWritten = true;
        }
        var errors = result.Errors.GroupBy(e => e.Row).ToDictionary(g => g.Key, g => string.Join("; ", g.Select(e => $"{e.Field}: {e.Reason}")));
        // Rows are formatted into one buffer and written in large chunks: an await per row costs more than the formatting.
        var buffer = new StringBuilder(1 << 17);
        for (var row = 0; row < batch.RowCount; row++)
        {
            ct.ThrowIfCancellationRequested();
            foreach (var column in batch.Columns) buffer.Append(Quote(column.Format(row) ?? "")).Append(',');
            var p = result.Predictions[row];
            buffer.Append(p is null ? "" : p.Label is not null ? Quote(p.Label) : Number(p.Value));
            foreach (var c in _classes) buffer.Append(',').Append(p?.Probabilities is { } probs && probs.TryGetValue(c, out var v) ? Number(v) : "");
            for (var k = 0; k < _explain; k++)
            {
                var c = p?.Explanation is { } e && k < e.Contributions.Count ? e.Contributions[k] : null;
                buffer.Append(',').Append(Quote(c?.Column ?? "")).Append(',').Append(Quote(c?.Value ?? "")).Append(',').Append(Number(c?.Contribution));
            }
            buffer.Append(',').Append(Quote(errors.GetValueOrDefault(row, ""))).Append('\n');
            if (buffer.Length >= 1 << 16)
            {
                await _writer.WriteAsync(buffer, ct);
                buffer.Clear();
            }
        }
        await _writer.WriteAsync(buffer, ct);
    }

    /// <summary>Moves the finished file into place; until then a crash leaves any previous output untouched.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        await _writer.FlushAsync(ct);
        await _writer.DisposeAsync();
        File.Move(_temp, _path, overwrite: true);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        if (!_committed && File.Exists(_temp)) File.Delete(_temp);
    }

    private static string Number(double? v) => v is { } d && double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
