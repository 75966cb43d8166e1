using System.Globalization;
using MLCycle.Data;
using MLCycle.Profiling.Scanning;

namespace MLCycle.Profiling;

/// <summary>
/// What every data check needs: the finished column profiles, the first pass's per-column facts (tallies with first
/// rows, range checks, overflow), the row sample, the second pass's findings, and the options.
/// </summary>
internal sealed class IssueContext(FirstPassResult pass, IReadOnlyList<ColumnProfile> columns, ProfileOptions options)
{
    public const int MaxExamples = 5;
    private readonly HashSet<string> _sensitive = options.Sensitive.ToHashSet(StringComparer.Ordinal);

    public FirstPassResult Pass { get; } = pass;
    /// <summary>Set once the second pass, planned from this context, has run.</summary>
    public SecondPassResult Second { get; set; } = null!;
    public IReadOnlyList<ColumnProfile> Columns { get; } = columns;
    public long Rows => Pass.Rows;
    public ProfileOptions Options { get; } = options;

    /// <summary>The index of the target column, or -1 without a target.</summary>
    public int Target => Options.Target is { } t ? IndexOf(t) : -1;

    public ColumnAccumulator Facts(int column) => Pass.Columns[column];

    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++) if (Columns[i].Name == name) return i;
        return -1;
    }

    public bool IsNumeric(int column) => Columns[column].Kind == ColumnKind.Numeric;

    public bool StoresNumbers(int column) => TableColumn.StoresNumbers(Columns[column].Kind);

    /// <summary>The first rows of several example lists, with the value there; a list's value-less entries show <paramref name="value"/>.</summary>
    public IReadOnlyList<IssueExample> Examples(int column, IEnumerable<RowExamples> lists, object? value = null) =>
        RowExamples.FirstOf(lists, v => (v ?? value) is { } x ? Format(column, x) : null);

    /// <summary>The first rows holding any of the given tallied values (text values by key, numbers by value).</summary>
    public IReadOnlyList<IssueExample> ExamplesOfValues(int column, IEnumerable<object> values)
    {
        var facts = Facts(column);
        var rows = new List<(long Row, object Value)>();
        foreach (var value in values)
        {
            var tally = value switch
            {
                string s => facts.Texts.GetValueOrDefault(s) ?? facts.Overflow.Placeholders.GetValueOrDefault(s),
                double d => facts.Numbers?.GetValueOrDefault(d),
                _ => null,
            };
            if (tally is not null) rows.AddRange(tally.Rows.Items.Select(i => (i.Row, value)));
        }
        return rows.OrderBy(r => r.Row).Take(MaxExamples).Select(r => new IssueExample(r.Row, Format(column, r.Value))).ToList();
    }

    /// <summary>A value as it is shown to people: numbers and dates the way a table writes them; sensitive columns redacted.</summary>
    public string Format(int column, object value)
    {
        if (_sensitive.Contains(Columns[column].Name)) return "<redacted>";
        var info = new ColumnInfo(Columns[column].Name, Columns[column].Kind, "");
        return StoresNumbers(column) && value is not string
            ? TableColumn.FromNumbers(info, [Convert.ToDouble(value, CultureInfo.InvariantCulture)]).Format(0)!
            : Convert.ToString(value, CultureInfo.InvariantCulture)!;
    }

    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
