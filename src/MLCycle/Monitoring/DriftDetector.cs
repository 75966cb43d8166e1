using MLCycle.Data;
using MLCycle.Profiling.Drift;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Statistics;

namespace MLCycle.Monitoring;

/// <summary>Compares current data (and predictions) with the training reference stored in a model package.</summary>
public static class DriftDetector
{
    /// <summary>The name under which prediction drift is reported.</summary>
    public const string PredictionName = "prediction";

    /// <summary>Drift of the model's input columns, and of its predictions when both current predictions and a prediction reference exist.</summary>
    public static DriftReport Detect(ModelManifest manifest, Table current, IReadOnlyList<Prediction>? currentPredictions = null, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        options = Check(current, options);
        var features = manifest.Inputs.Select(input => manifest.Reference.Find(input.Name) is { } reference
                ? CompareColumn(reference, current, options)
                : new FeatureDrift
                {
                    Name = input.Name,
                    Kind = input.Kind,
                    Psi = 0,
                    CurrentCount = current.Contains(input.Name) ? Present(current[input.Name]) : 0,
                    CurrentMissing = current.Contains(input.Name) ? current.RowCount - Present(current[input.Name]) : current.RowCount,
                    Note = "the model package holds no reference statistics for this column; not compared",
                })
            .ToList();
        var prediction = manifest.PredictionReference is { } predictionReference && currentPredictions is { Count: > 0 }
            ? ColumnDrift.Compare(predictionReference with { Name = PredictionName }, PredictionColumn(manifest.Task, currentPredictions), options)
            : null;
        return Report(features, prediction, manifest.Reference.Rows, current.RowCount, options);
    }

    /// <summary>Drift of every column of <paramref name="reference"/> in <paramref name="current"/>.</summary>
    public static DriftReport Detect(DatasetProfile reference, Table current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options = Check(current, options);
        var features = reference.Columns.Select(c => CompareColumn(c, current, options)).ToList();
        return Report(features, null, reference.Rows, current.RowCount, options);
    }

    private static DriftOptions Check(Table current, DriftOptions? options)
    {
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftOptions();
        if (!(options.PsiThreshold > 0) || !double.IsFinite(options.PsiThreshold))
            throw new MLCycleException(ErrorKind.BadSpec, $"The PSI threshold must be a number above 0, found {options.PsiThreshold}.");
        if (options.PValue is not (> 0 and < 1))
            throw new MLCycleException(ErrorKind.BadSpec, $"The p-value threshold must be between 0 and 1, found {options.PValue}.");
        if (current.RowCount == 0)
            throw new MLCycleException(ErrorKind.BadData, "The current data has no rows; drift needs at least one row to compare.");
        return options;
    }

    private static FeatureDrift CompareColumn(ColumnProfile reference, Table current, DriftOptions options)
    {
        if (current.Contains(reference.Name)) return ColumnDrift.Compare(reference, current[reference.Name], options);
        // An absent column is compared as if every value were missing, and always counts as drifted.
        var info = new ColumnInfo(reference.Name, reference.Kind, "absent");
        var empty = TableColumn.StoresNumbers(reference.Kind)
            ? TableColumn.FromNumbers(info, Enumerable.Repeat(double.NaN, current.RowCount).ToArray())
            : TableColumn.FromStrings(info, new string?[current.RowCount]);
        return ColumnDrift.Compare(reference, empty, options) with
        {
            Drifted = true,
            Absent = true,
            Note = $"column '{reference.Name}' is missing from the current data; compared as all missing",
        };
    }

    private static long Present(TableColumn column) =>
        Enumerable.Range(0, column.Length).LongCount(row => !column.IsMissing(row));

    private static TableColumn PredictionColumn(TaskKind task, IReadOnlyList<Prediction> predictions)
    {
        if (task == TaskKind.Regression)
        {
            var values = predictions.Select(p => p?.Value ?? double.NaN).ToArray();
            return TableColumn.FromNumbers(new ColumnInfo(PredictionName, ColumnKind.Numeric, "prediction"), values);
        }
        var labels = predictions.Select(p => p?.Label).ToArray();
        return TableColumn.FromStrings(new ColumnInfo(PredictionName, ColumnKind.Categorical, "prediction"), labels);
    }

    private static DriftReport Report(List<FeatureDrift> compared, FeatureDrift? prediction, long referenceRows, long currentRows, DriftOptions options)
    {
        var features = Judge(compared, options);
        prediction = prediction is null ? null : Judge([prediction], options)[0];
        var drifted = features.Where(f => f.Drifted).Select(f => f.Name).ToList();
        return new DriftReport
        {
            Features = features,
            Prediction = prediction,
            ReferenceRows = referenceRows,
            CurrentRows = currentRows,
            PsiThreshold = options.PsiThreshold,
            PValue = options.PValue,
            MinimumRows = options.MinimumRows,
            TooFewRows = currentRows < options.MinimumRows,
            AnyDrift = drifted.Count > 0 || prediction?.Drifted == true,
            DriftedFeatures = drifted,
        };
    }

    /// <summary>
    /// Adjusts the features' p-values together (Benjamini–Hochberg: with fifty features, fifty tests at 5% would find two or
    /// three "significant" ones on identical data) and withholds the verdict where too few values were seen. An absent
    /// column stays drifted whatever the count: that is a change of shape, not of distribution.
    /// </summary>
    private static List<FeatureDrift> Judge(List<FeatureDrift> features, DriftOptions options)
    {
        var adjusted = BenjaminiHochberg.Adjust([.. features.Select(f => f.KsPValue ?? f.ChiSquarePValue)]);
        var judged = new List<FeatureDrift>(features.Count);
        for (var i = 0; i < features.Count; i++)
        {
            var f = features[i];
            var tooFew = f.CurrentCount < options.MinimumRows && !f.Absent;
            judged.Add(f with
            {
                AdjustedPValue = adjusted[i],
                Significant = !tooFew && adjusted[i] < options.PValue,
                Drifted = f.Drifted && !tooFew,
                TooFewRows = tooFew,
                Note = tooFew ? Join(f.Note, $"too few rows: {f.CurrentCount:N0} values seen, a verdict needs {options.MinimumRows:N0}") : f.Note,
            });
        }
        return judged;
    }

    private static string Join(string? note, string more) => note is null ? more : $"{note}; {more}";
}
