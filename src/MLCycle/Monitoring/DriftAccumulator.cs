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
    private readonly List<(InputColumn Input, ColumnSketch? Sketch, long Present)> _features;
    private readonly ColumnSketch? _prediction;
    private readonly TaskKind _task;
    private readonly long _referenceRows;
    private readonly DriftOptions _options;
    private long _rows;
    private bool _scored;

    private DriftAccumulator(IEnumerable<(InputColumn, ColumnSketch?)> features, ColumnSketch? prediction, TaskKind task, long referenceRows, DriftOptions options)
    {
        _features = features.Select(f => (f.Item1, f.Item2, 0L)).ToList();
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
            var (input, sketch, present) = _features[i];
            var column = batch.Contains(input.Name) ? batch[input.Name] : null;
            if (sketch is null)
                present += column is null ? 0 : Enumerable.Range(0, column.Length).LongCount(row => !column.IsMissing(row));
            else if (column is null) sketch.AddMissing(batch.RowCount);
            else sketch.Add(column);
            _features[i] = (input, sketch, present);
        }
        if (_prediction is not null && predictions is { Count: > 0 })
        {
            _prediction.Add(PredictionColumn(predictions));
            _scored = true;
        }
        _rows += batch.RowCount;
    }

    public void Merge(DriftAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _features.Count; i++)
        {
            var (input, sketch, present) = _features[i];
            sketch?.Merge(other._features[i].Sketch!);
            _features[i] = (input, sketch, present + other._features[i].Present);
        }
        _prediction?.Merge(other._prediction!);
        _scored |= other._scored;
        _rows += other._rows;
    }

    public DriftReport Report()
    {
        if (_rows == 0)
            throw new MLCycleException(ErrorKind.BadData, "The current data has no rows; drift needs at least one row to compare.");
        var features = _features.Select(f => f.Sketch is null
                ? new FeatureDrift
                {
                    Name = f.Input.Name,
                    Kind = f.Input.Kind,
                    Psi = 0,
                    CurrentCount = f.Present,
                    CurrentMissing = _rows - f.Present,
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
