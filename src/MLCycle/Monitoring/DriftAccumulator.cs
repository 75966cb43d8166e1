using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Profiling.Drift;
using MLCycle.Registry;

namespace MLCycle.Monitoring;

/// <summary>
/// Drift of current data taken a batch at a time: each column (and the predictions) goes into a sketch whose size the
/// reference fixes, so a check of any number of rows needs the memory of one batch. Accumulators of the same reference
/// merge, so batches can be counted on several threads.
/// </summary>
public sealed class DriftAccumulator
{
    private readonly List<(InputColumn Input, ColumnSketch? Sketch)> _features;
    // Non-missing values of the columns without a reference sketch, which are only counted.
    private readonly long[] _present;
    private readonly ColumnSketch? _prediction;
    private readonly TaskKind _task;
    private readonly long _referenceRows;
    private readonly DriftOptions _options;
    private long _rows;
    private bool _scored;

    private DriftAccumulator(IEnumerable<(InputColumn, ColumnSketch?)> features, ColumnSketch? prediction, TaskKind task, long referenceRows, DriftOptions options)
    {
        _features = features.ToList();
        _present = new long[_features.Count];
        _prediction = prediction;
        _task = task;
        _referenceRows = referenceRows;
        _options = Check(options);
    }

    /// <summary>An accumulator for the model's inputs and, when the package holds a prediction reference, its predictions.</summary>
    public static DriftAccumulator For(ModelManifest manifest, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var features = manifest.Inputs.Select(input => (input, manifest.Reference.Find(input.Name) is { } reference ? new ColumnSketch(reference) : null));
        var prediction = manifest.PredictionReference is { } p ? new ColumnSketch(p with { Name = DriftDetector.PredictionName }) : null;
        return new DriftAccumulator(features, prediction, manifest.Task, manifest.Reference.Rows, options ?? new DriftOptions());
    }

    /// <summary>An accumulator for every column of <paramref name="reference"/>.</summary>
    public static DriftAccumulator For(DatasetProfile reference, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var features = reference.Columns.Select(c => (new InputColumn(c.Name, c.Kind, true), (ColumnSketch?)new ColumnSketch(c)));
        return new DriftAccumulator(features, null, TaskKind.Regression, reference.Rows, options ?? new DriftOptions());
    }

    /// <summary>Rows taken so far.</summary>
    public long Rows => _rows;

    /// <summary>A fresh accumulator for the same reference, to count another share of the batches (then <see cref="Merge"/>).</summary>
    public DriftAccumulator Empty() => new(_features.Select(f => (f.Input, f.Sketch?.Empty())), _prediction?.Empty(), _task, _referenceRows, _options);

    /// <summary>Counts one batch of rows, and the predictions made for it (null when not scored).</summary>
    public void Add(Table batch, IReadOnlyList<Prediction>? predictions = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (var i = 0; i < _features.Count; i++)
        {
            var (input, sketch) = _features[i];
            var column = batch.Contains(input.Name) ? batch[input.Name] : null;
            if (sketch is null)
                _present[i] += column is null ? 0 : Enumerable.Range(0, column.Length).LongCount(row => !column.IsMissing(row));
            else if (column is null) sketch.AddMissing(batch.RowCount);
            else sketch.Add(column);
        }
        if (predictions is not null) AddPredictions(predictions);
        _rows += batch.RowCount;
    }

    /// <summary>The model's inputs in order: a scan that hands values over one at a time addresses them by this index.</summary>
    internal IReadOnlyList<InputColumn> Inputs => _features.Select(f => f.Input).ToList();

    /// <summary>Counts one value of input <paramref name="feature"/> that a scan read as a number of <paramref name="kind"/>; NaN is missing.</summary>
    internal void AddNumber(int feature, double value, ColumnKind kind)
    {
        if (_features[feature].Sketch is { } sketch) sketch.AddNumber(value, kind);
        else if (!double.IsNaN(value)) _present[feature]++;
    }

    /// <summary>Counts one present value of input <paramref name="feature"/> that a scan read as text.</summary>
    internal void AddText(int feature, ReadOnlySpan<char> value)
    {
        if (_features[feature].Sketch is { } sketch) sketch.AddText(value);
        else _present[feature]++;
    }

    /// <summary>Counts one missing value of input <paramref name="feature"/>.</summary>
    internal void AddMissing(int feature) => _features[feature].Sketch?.AddMissingValue();

    /// <summary>
    /// Counts <paramref name="rows"/> rows whose values a scan handed over one at a time; the inputs the scan did not
    /// have (<paramref name="absent"/>) count as missing in every row, as <see cref="Add"/> counts a column a batch lacks.
    /// </summary>
    internal void AddRows(long rows, IEnumerable<int> absent)
    {
        foreach (var feature in absent) _features[feature].Sketch?.AddMissing(rows);
        _rows += rows;
    }

    /// <summary>Counts predictions without their rows: those of a sample of the rows, when only a sample was scored.</summary>
    internal void AddPredictions(IReadOnlyList<Prediction> predictions)
    {
        if (_prediction is null || predictions.Count == 0) return;
        _prediction.Add(PredictionColumn(predictions));
        _scored = true;
    }

    public void Merge(DriftAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _features.Count; i++)
        {
            _features[i].Sketch?.Merge(other._features[i].Sketch!);
            _present[i] += other._present[i];
        }
        _prediction?.Merge(other._prediction!);
        _scored |= other._scored;
        _rows += other._rows;
    }

    public DriftReport Report()
    {
        if (_rows == 0)
            throw new MLCycleException(ErrorKind.BadData, "The current data has no rows; drift needs at least one row to compare.");
        var features = _features.Select((f, i) => f.Sketch is null
                ? new FeatureDrift
                {
                    Name = f.Input.Name,
                    Kind = f.Input.Kind,
                    Psi = 0,
                    CurrentCount = _present[i],
                    CurrentMissing = _rows - _present[i],
                    Note = "the model package holds no reference statistics for this column; not compared",
                }
                : f.Sketch.Absent
                    ? f.Sketch.Compare(_options) with
                    {
                        Drifted = true,
                        Absent = true,
                        Note = $"column '{f.Input.Name}' is missing from the current data; compared as all missing",
                    }
                    : f.Sketch.Compare(_options))
            .ToList();
        var prediction = _scored ? _prediction!.Compare(_options) : null;
        return DriftDetector.Report(features, prediction, _referenceRows, _rows, _options);
    }

    private TableColumn PredictionColumn(IReadOnlyList<Prediction> predictions)
    {
        if (_task == TaskKind.Regression)
        {
            var values = new double[predictions.Count];
            for (var i = 0; i < values.Length; i++) values[i] = predictions[i]?.Value ?? double.NaN;
            return TableColumn.FromNumbers(new ColumnInfo(DriftDetector.PredictionName, ColumnKind.Numeric, "prediction"), values);
        }
        var labels = new string?[predictions.Count];
        for (var i = 0; i < labels.Length; i++) labels[i] = predictions[i]?.Label;
        return TableColumn.FromStrings(new ColumnInfo(DriftDetector.PredictionName, ColumnKind.Categorical, "prediction"), labels);
    }

    private static DriftOptions Check(DriftOptions options)
    {
        if (!(options.PsiThreshold > 0) || !double.IsFinite(options.PsiThreshold))
            throw new MLCycleException(ErrorKind.BadSpec, $"The PSI threshold must be a number above 0, found {options.PsiThreshold}.");
        if (options.PValue is not (> 0 and < 1))
            throw new MLCycleException(ErrorKind.BadSpec, $"The p-value threshold must be between 0 and 1, found {options.PValue}.");
        return options;
    }
}
