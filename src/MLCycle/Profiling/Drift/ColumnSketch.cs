using System.Globalization;
using MLCycle.Data;
using MLCycle.Profiling;

namespace MLCycle.Profiling.Drift;

/// <summary>
/// The streaming form of <see cref="ColumnDrift"/>: takes one column's current values a batch at a time into a sketch whose
/// size the reference fixes (<see cref="NumericSketch"/> or <see cref="CategorySketch"/>), and compares at the end with the
/// same statistics, chosen by the same rules.
/// </summary>
internal sealed class ColumnSketch
{
    private static readonly string[] TrueWords = ["1", "true", "yes", "y", "t"];
    private static readonly string[] FalseWords = ["0", "false", "no", "n", "f"];

    private readonly ColumnProfile _reference;
    private readonly NumericSketch? _numbers;
    private readonly CategorySketch? _categories;
    private readonly IReadOnlyList<ValueCount> _referenceCounts;
    private readonly long _referenceOther;
    private readonly bool _booleans;
    private long _unparsed;
    private bool _seen;
    private bool _absent;

    public ColumnSketch(ColumnProfile reference)
    {
        _reference = reference;
        _referenceCounts = reference.TopValues;
        if (reference.Kind == ColumnKind.Boolean)
        {
            _booleans = true;
            _referenceCounts = ColumnDrift.BooleanCounts(reference);
        }
        else if (reference.Kind is ColumnKind.Numeric or ColumnKind.DateTime && PercentileCdf.CanUse(reference.Numeric?.Percentiles) && reference.Count > 0)
        {
            _numbers = new NumericSketch(new PercentileCdf(reference.Numeric!.Percentiles));
            return;
        }
        else _referenceOther = Math.Max(0, reference.Count - reference.TopValues.Sum(v => v.Count));
        _categories = new CategorySketch(_referenceCounts);
    }

    public string Name => _reference.Name;

    /// <summary>Non-missing values counted so far.</summary>
    public long Present => _numbers?.Present ?? _categories!.Counts.Sum() - _categories.Counts[^1];

    /// <summary>The numeric sketch, for reading its resolution; null for categorical and boolean columns.</summary>
    public NumericSketch? Numbers => _numbers;

    /// <summary>The column was missing from the current data (only <see cref="AddMissing"/> was called).</summary>
    public bool Absent => _absent && !_seen;

    /// <summary>A sketch of the same reference with nothing counted.</summary>
    public ColumnSketch Empty() => new(_reference);

    public void Add(TableColumn column)
    {
        _seen = true;
        if (_numbers is not null) AddNumbers(column);
        else if (_booleans) AddBooleans(column);
        else AddStrings(column);
    }

    /// <summary>Counts one value a scan read as a number (as a column of <paramref name="kind"/> stores it); NaN is missing.</summary>
    public void AddNumber(double value, ColumnKind kind)
    {
        _seen = true;
        if (_numbers is not null) _numbers.Add(value);
        else if (_booleans) _categories!.Add(double.IsNaN(value) ? null : value != 0 ? "true" : "false");
        else _categories!.Add(TableColumn.Format(kind, value));
    }

    /// <summary>Counts one present value a scan read as text, read the way <see cref="Add"/> reads a text column.</summary>
    public void AddText(ReadOnlySpan<char> value)
    {
        _seen = true;
        if (_numbers is not null)
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) _numbers.Add(v);
            else
            {
                _numbers.Add(double.NaN);
                _unparsed++;
            }
        }
        else if (_booleans)
        {
            var s = value.Trim().ToString();
            if (TrueWords.Contains(s, StringComparer.OrdinalIgnoreCase)) _categories!.Add("true");
            else if (FalseWords.Contains(s, StringComparer.OrdinalIgnoreCase)) _categories!.Add("false");
            else
            {
                _categories!.Add(null);
                _unparsed++;
            }
        }
        else _categories!.Add(value);
    }

    /// <summary>Counts one missing value of a column the current data has.</summary>
    public void AddMissingValue()
    {
        _seen = true;
        if (_numbers is not null) _numbers.Add(double.NaN);
        else _categories!.Add(null);
    }

    /// <summary>Counts <paramref name="rows"/> missing values: the column is absent from the current data.</summary>
    public void AddMissing(long rows)
    {
        _absent = true;
        for (long i = 0; i < rows; i++)
        {
            if (_numbers is not null) _numbers.Add(double.NaN);
            else _categories!.Add(null);
        }
    }

    public void Merge(ColumnSketch other)
    {
        if (_numbers is not null) _numbers.Merge(other._numbers!);
        else _categories!.Merge(other._categories!);
        _unparsed += other._unparsed;
        _seen |= other._seen;
        _absent |= other._absent;
    }

    public FeatureDrift Compare(DriftOptions options)
    {
        var r = _reference;
        if (_booleans)
            return CategoricalDrift.FromCounts(r.Name, r.Kind, _referenceCounts, 0, r.Missing, _categories!.Counts, options, Unparsed("true/false"));
        if (_numbers is not null)
            return _numbers.Compare(r.Name, r.Kind, r.Count, r.Missing, r.Numeric!.Std, options, Unparsed("numbers"));
        var note = r.Kind is ColumnKind.Numeric or ColumnKind.DateTime && r.TopValues.Count == 0
            ? "the reference has no value statistics; only the share of missing values is compared"
            : null;
        return CategoricalDrift.FromCounts(r.Name, r.Kind, _referenceCounts, _referenceOther, r.Missing, _categories!.Counts, options, note);
    }

    private string? Unparsed(string what) =>
        _unparsed == 0 ? null : $"{_unparsed} current values were not {what} and count as missing";

    private void AddNumbers(TableColumn column)
    {
        if (column.Numbers is { } numbers)
        {
            foreach (var v in numbers) _numbers!.Add(v);
            return;
        }
        foreach (var s in column.Strings!)
        {
            if (s is not null && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
            {
                _numbers!.Add(v);
                continue;
            }
            _numbers!.Add(double.NaN);
            if (s is not null) _unparsed++;
        }
    }

    private void AddBooleans(TableColumn column)
    {
        for (var i = 0; i < column.Length; i++)
        {
            if (column.Numbers is { } n)
            {
                _categories!.Add(double.IsNaN(n[i]) ? null : n[i] != 0 ? "true" : "false");
                continue;
            }
            var s = column.Strings![i]?.Trim();
            if (s is not null && TrueWords.Contains(s, StringComparer.OrdinalIgnoreCase)) _categories!.Add("true");
            else if (s is not null && FalseWords.Contains(s, StringComparer.OrdinalIgnoreCase)) _categories!.Add("false");
            else
            {
                _categories!.Add(null);
                if (s is not null) _unparsed++;
            }
        }
    }

    private void AddStrings(TableColumn column)
    {
        if (column.Strings is { } strings)
        {
            foreach (var s in strings) _categories!.Add(s);
            return;
        }
        for (var i = 0; i < column.Length; i++) _categories!.Add(column.Format(i));
    }
}
