using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Evaluation.Fairness;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;
using MLCycle.Registry;
using MLCycle.Training.Neural;

namespace MLCycle.Serving;

/// <summary>
/// A verified model package in memory that validates input rows and scores them, safe to call from many threads: what
/// MLCycle.Scoring offers an app that only scores. The server's <c>LoadedModel</c> adds explanations and registry loading on top.
/// </summary>
public sealed partial class ScoringModel : IDisposable
{
    // Engines beat Transform over an IDataView for every batch size measured (it pays cursor set-up per call);
    // large batches are split over the cores, one pooled engine per chunk.
    private const int ParallelThreshold = 2048;

    private readonly FeatureEncoder _encoder;
    private readonly IReadOnlySet<string>?[] _seen;
    private readonly Func<string, string>? _normalize;
    private readonly NumericRange?[] _ranges;
    private readonly Dictionary<string, int> _inputIndex;
    private readonly FeatureRowPool _rows;

    private ScoringModel(ModelManifest manifest, MLContext ml, ITransformer model, MlpNetwork? network, IReadOnlyList<ITransformer>? members)
    {
        Manifest = manifest;
        Context = ml;
        Model = model;
        IsComposite = network is not null || members is not null;
        var layout = new FeatureLayout(manifest.Inputs);
        _encoder = new FeatureEncoder(layout);
        _rows = new FeatureRowPool(layout);
        InputSchema = layout.CreateSchema();
        // With category normalisation the seen set holds normalised levels (and declared sentinels), so " Red" is not reported as unseen.
        var treatments = manifest.Treatments ?? FittedTreatments.None;
        _normalize = treatments.Normalization == CategoryNormalization.None ? null : treatments.Normalize;
        _seen = manifest.Inputs.Select(i => i.Categories is null ? null
            : (IReadOnlySet<string>)i.Categories.Select(treatments.Normalize)
                .Concat(treatments.ForCategory(i.Name)?.Sentinels ?? []).ToHashSet(StringComparer.Ordinal)).ToArray();
        _inputIndex = manifest.Inputs.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        _ranges = [.. manifest.Inputs.Select(i => NumericRange.Trained(manifest.Reference, i))];
        // A numeric treatment (a sentinel, a clip) changes some values and not others, which probing the chain cannot be sure to find.
        var readable = treatments.Numeric.Count == 0 ? _encoder : null;
        Engines = members is not null
            ? new EnsembleEnginePool(members.Select(m => EnginePool.Create(ml, m, InputSchema, manifest.Task, manifest.Classes, 0.5, readable)).ToList(),
                manifest.Ensemble!.Select(e => e.Weight).ToList(), manifest.Task, manifest.Classes, Threshold)
            : network is null
            ? EnginePool.Create(ml, model, InputSchema, manifest.Task, manifest.Classes, Threshold, readable)
            : new NetworkEnginePool(ml, model, InputSchema, network, manifest.Task, manifest.Classes, Threshold, readable);
    }

    /// <summary>The verified manifest of the loaded package: task, inputs, classes, metrics.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>What the model predicts.</summary>
    public TaskKind Task => Manifest.Task;

    /// <summary>Class labels in the order of the model's probabilities (classification); for binary, [negative, positive].</summary>
    public IReadOnlyList<string> Classes => Manifest.Classes;

    /// <summary>Binary: a row is labelled positive when its probability is above this (0.5 for packages written before it existed).</summary>
    public double Threshold => Manifest.DecisionThreshold ?? 0.5;

    internal MLContext Context { get; }

    internal ITransformer Model { get; }

    internal SchemaDefinition InputSchema { get; }

    internal EnginePool Engines { get; }

    /// <summary>True for an mlp network or an ensemble, whose score is not the chain's own learner's.</summary>
    internal bool IsComposite { get; }

    /// <summary>Scores one row given as column name to value (numbers, strings, booleans, dates or null), with the checks and
    /// warnings of the HTTP path; an invalid row has a null prediction and its errors.</summary>
    public ScoredRow Score(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var result = Score(new[] { row });
        return new ScoredRow(result.Predictions[0], result.Errors, result.Warnings);
    }

    /// <summary>Scores rows given as column name to value, as <see cref="Score(IReadOnlyDictionary{string, object?})"/> does one.</summary>
    public ScoringResult Score(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        // Values go through JSON so a number, a string or a date means exactly what it means in a request to the server.
        var json = new IReadOnlyDictionary<string, JsonElement>[rows.Count];
        for (var r = 0; r < rows.Count; r++)
            json[r] = rows[r]?.ToDictionary(p => p.Key, p => ToJson(r, p.Key, p.Value), StringComparer.Ordinal)!;
        return Score(json, null);
    }

    /// <summary>
    /// Scores JSON rows (the HTTP path): each row maps column name to value. Null is accepted for every input (the
    /// chain imputes numbers; categoricals have a missing category); a row with errors gets a null prediction.
    /// </summary>
    public ScoringResult Score(IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows) => Score(rows, null);

    /// <summary>Scores a table (the batch path); columns may be typed or raw text, parsed per the manifest's kinds with the
    /// same validation as JSON. A target column, as in a labelled file, is ignored without a warning.</summary>
    public ScoringResult Score(Table table) => Score(table, null);

    /// <summary>The JSON path; <paramref name="explain"/> may replace predictions once they are final, given the encoded rows, which
    /// are borrowed from the model's pool and given back when this returns (ADR 0069): read them in the callback, keep none.</summary>
    internal ScoringResult Score(IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, Action<ScoredPredictions, FeatureRow?[]>? explain)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var reader = NewReader();
        var features = new FeatureRow?[rows.Count];
        using var lent = _rows.Rent(rows.Count);
        EncodeRows(rows.Count, reader, (slice, from, to) => EncodeJson(rows, features, lent, slice, from, to));
        var predictions = Predict(features);
        NonFiniteScores.Refuse(predictions, features, _encoder.Layout, reader.Errors);
        if (Manifest.GroupThresholds is { } groups)
            ByGroup(predictions, groups, rows.Select(v => v is not null && v.TryGetValue(groups.Column, out var g) ? GroupThresholds.GroupOf(g) : null).ToList());
        explain?.Invoke(predictions, features);
        return new ScoringResult(predictions, reader.Errors, reader.Warnings) { WarningKinds = reader.WarningKinds };
    }

    /// <summary>The table path; <paramref name="explain"/> as for JSON rows.</summary>
    internal ScoringResult Score(Table table, Action<ScoredPredictions, FeatureRow?[]>? explain)
    {
        ArgumentNullException.ThrowIfNull(table);
        var reader = NewReader();
        var columns = Manifest.Inputs.Select(i => table.Contains(i.Name) ? table[i.Name] : null).ToArray();
        foreach (var unknown in table.Columns.Where(c => !_inputIndex.ContainsKey(c.Name) && c.Name != Manifest.Target && c.Name != Manifest.GroupThresholds?.Column && c.Name != Manifest.Monitoring?.Key))
            reader.Warn(ScoringWarningKind.UnknownColumn, $"unknown column '{NameRules.Show(unknown.Name)}' is ignored");
        var features = new FeatureRow?[table.RowCount];
        using var lent = _rows.Rent(table.RowCount);
        EncodeRows(table.RowCount, reader, (slice, from, to) => Encode(columns, features, lent, slice, from, to));
        var predictions = Predict(features);
        NonFiniteScores.Refuse(predictions, features, _encoder.Layout, reader.Errors);
        if (Manifest.GroupThresholds is { } groups)
            ByGroup(predictions, groups, table.Contains(groups.Column) ? table[groups.Column].FormatAll() : new string?[table.RowCount]);
        explain?.Invoke(predictions, features);
        return new ScoringResult(predictions, reader.Errors, reader.Warnings) { WarningKinds = reader.WarningKinds };
    }

    private void Encode(TableColumn?[] columns, FeatureRow?[] features, FeatureRowPool.Lease lent, InputRowReader reader, int from, int to)
    {
        for (var r = from; r < to; r++)
        {
            var row = lent[r];
            var ok = true;
            for (var i = 0; i < columns.Length; i++)
            {
                var column = columns[i];
                if (column is null)
                {
                    reader.Missing(r, i);
                    ok = false;
                }
                else if (column.Numbers is { } numbers && TableColumn.StoresNumbers(Manifest.Inputs[i].Kind)) reader.SetNumber(row, r, i, numbers[r]);
                else ok &= reader.SetText(row, r, i, column.Format(r));
            }
            features[r] = ok ? row : null;
        }
    }

    // A value the caller's dictionary holds, as the JSON a request would carry; a type JSON cannot write is the caller's mistake.
    private static JsonElement ToJson(int row, string column, object? value)
    {
        try
        {
            return value is null ? default : JsonSerializer.SerializeToElement(value, value.GetType());
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new MLCycleException(ErrorKind.BadData, $"row {row}: column '{NameRules.Show(column)}' holds a {value!.GetType().Name}, which cannot be read as a value; expected a number, string, boolean, date or null.", e);
        }
    }

    // Per-group thresholds replace the global one row by row; a row without the group column, or of a group training did not
    // give a threshold, keeps the global threshold's decision.
    private void ByGroup(ScoredPredictions predictions, GroupThresholds groups, IReadOnlyList<string?> values)
    {
        for (var r = 0; r < predictions.Count; r++)
        {
            if (!predictions.Relabel(r, groups.For(values[r])) && predictions[r] is { } whole) predictions[r] = groups.Apply(whole, values[r], Manifest.Classes);
        }
    }

    private ScoredPredictions Predict(FeatureRow?[] rows)
    {
        var result = new ScoredPredictions(rows.Length, Manifest.Classes);
        if (rows.Length < ParallelThreshold)
        {
            Engines.Predict(rows, result, 0, rows.Length);
            return result;
        }
        ForEachSlice(rows.Length, (_, from, to) => Engines.Predict(rows, result, from, to));
        return result;
    }

    private InputRowReader NewReader() => new(_encoder, _seen, _normalize, _ranges);

    // Encodes rows [0, count) with encode: on this thread when they are few, else one slice per core, each slice with its own
    // reader whose errors and warnings are appended in row order, as one pass would give them.
    private void EncodeRows(int count, InputRowReader reader, Action<InputRowReader, int, int> encode)
    {
        if (count < ParallelThreshold)
        {
            encode(reader, 0, count);
            return;
        }
        var slices = new InputRowReader[SliceCount(count)];
        ForEachSlice(count, (c, from, to) => encode(slices[c] = NewReader(), from, to));
        foreach (var slice in slices) reader.Append(slice);
    }

    private static int SliceLength(int count) => (count + Environment.ProcessorCount - 1) / Environment.ProcessorCount;

    private static int SliceCount(int count) => (count + SliceLength(count) - 1) / SliceLength(count);

    // Runs body(slice, from, to) for one slice of [0, count) per core, in parallel.
    private static void ForEachSlice(int count, Action<int, int, int> body)
    {
        var length = SliceLength(count);
        Parallel.For(0, SliceCount(count), c => body(c, c * length, Math.Min(count, (c + 1) * length)));
    }

    /// <summary>Releases the pooled prediction engines.</summary>
    public void Dispose() => Engines.Dispose();
}
