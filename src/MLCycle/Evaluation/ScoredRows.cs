using System.Globalization;
using MLCycle.Data;
using MLCycle.Metrics;

namespace MLCycle.Evaluation;

/// <summary>
/// A file of predictions parsed into what the metrics take: actual and predicted classes (or values), class probabilities and
/// weights. Every bad value is refused naming the file, row (1-based, header not counted), column, what was expected and found.
/// </summary>
internal sealed class ScoredRows
{
    private readonly string _source;
    private readonly Table _table;

    public ScoredRows(string source, Table table)
    {
        _source = source;
        _table = table;
    }

    public int Count => _table.RowCount;

    /// <summary>The file, as the user named it, for messages.</summary>
    public string Source => _source;

    public IReadOnlyList<string> Classes { get; private set; } = [];
    public int[] Actual { get; private set; } = [];
    public int[] Predicted { get; private set; } = [];
    public double[][]? Probabilities { get; private set; }
    public double[] ActualValues { get; private set; } = [];
    public double[] PredictedValues { get; private set; } = [];
    public double[]? Weights { get; private set; }

    public TableColumn Column(string name, string option)
    {
        if (_table.Contains(name)) return _table[name];
        throw new MLCycleException(ErrorKind.BadSpec,
            $"'{_source}' has no column '{name}' ({option}); found columns: {string.Join(", ", _table.Columns.Select(c => c.Name))}.");
    }

    public void ReadRegression(string target, string prediction)
    {
        ActualValues = Numbers(Column(target, "--target"), "a number (the actual value)");
        PredictedValues = Numbers(Column(prediction, "--prediction"), "a number (the predicted value)");
    }

    /// <summary>Reads classes: <paramref name="classes"/> (the probability columns' classes) or, when empty, every label seen.</summary>
    public void ReadClassification(string target, string? prediction, IReadOnlyDictionary<string, string> probabilityColumns, IReadOnlyList<string> classes, int positive)
    {
        var actual = Column(target, "--target");
        var predicted = prediction is null ? null : Column(prediction, "--prediction");
        Classes = classes;
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        string expected = $"one of the classes {string.Join(", ", classes)}";
        Actual = Labels(actual, index, expected);
        if (probabilityColumns.Count > 0)
        {
            var columns = classes.Select(c => probabilityColumns.TryGetValue(c, out var name) ? Column(name, "--probability") : null).ToArray();
            Probabilities = new double[Count][];
            for (int row = 0; row < Count; row++)
            {
                var p = new double[classes.Count];
                for (int c = 0; c < classes.Count; c++)
                {
                    if (columns[c] is { } column) p[c] = Probability(column, row);
                }
                // A binary file may carry only one class's probability; the other is its complement.
                if (classes.Count == 2 && (columns[0] is null) != (columns[1] is null))
                {
                    int known = columns[0] is null ? 1 : 0;
                    p[1 - known] = 1 - p[known];
                }
                Probabilities[row] = p;
            }
        }
        Predicted = predicted is not null ? Labels(predicted, index, expected) : MostProbable(positive);
    }

    public void ReadWeights(string column) =>
        Weights = Numbers(Column(column, "--weight"), "a sample weight (a number >= 0)", v => v >= 0);

    /// <summary>The distinct non-missing labels of a column, in order of first appearance.</summary>
    public IEnumerable<string> DistinctLabels(TableColumn column) =>
        Enumerable.Range(0, Count).Select(column.Format).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>True when every non-missing value of the column is a number.</summary>
    public bool AllNumbers(TableColumn column, out bool anyFraction)
    {
        anyFraction = false;
        for (int row = 0; row < Count; row++)
        {
            if (column.Format(row) is not { } text) continue;
            if (!TryNumber(text, out double v)) return false;
            anyFraction |= v != Math.Floor(v);
        }
        return true;
    }

    public MLCycleException Error(TableColumn column, int row, string expected) =>
        new(ErrorKind.BadData, $"'{_source}' row {row + 1}, column '{column.Name}': expected {expected}; found {Found(column.Format(row))}.");

    private int[] MostProbable(int positive)
    {
        if (Probabilities is null)
            throw new MLCycleException(ErrorKind.BadSpec, $"'{_source}' has no '{PredictionColumns.DefaultPrediction}' column and no probability columns; give --prediction COL.");
        // Binary: positive above 0.5, as ML.NET's PredictedLabel; multiclass: the most probable class, the first on ties.
        return Probabilities.Select(p => Classes.Count == 2
            ? (p[positive] > 0.5 ? positive : 1 - positive)
            : Array.IndexOf(p, p.Max())).ToArray();
    }

    private int[] Labels(TableColumn column, Dictionary<string, int> index, string expected)
    {
        var result = new int[Count];
        for (int row = 0; row < Count; row++)
        {
            if (column.Format(row) is not { } label || !index.TryGetValue(label, out result[row]))
                throw Error(column, row, expected);
        }
        return result;
    }

    private double Probability(TableColumn column, int row)
    {
        if (column.Format(row) is { } text && TryNumber(text, out double p) && p >= 0 && p <= 1) return p;
        throw Error(column, row, "a probability (a number in [0, 1])");
    }

    private double[] Numbers(TableColumn column, string expected, Func<double, bool>? valid = null)
    {
        var result = new double[Count];
        for (int row = 0; row < Count; row++)
        {
            if (column.Format(row) is not { } text || !TryNumber(text, out result[row]) || !(valid?.Invoke(result[row]) ?? true))
                throw Error(column, row, expected);
        }
        return result;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Found(string? text) => text is null ? "an empty value" : $"'{text}'";
}

