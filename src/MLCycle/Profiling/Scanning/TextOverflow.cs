namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Text values met after a column's tally was full: not counted one by one, but sorted into numbers, placeholders and
/// other words with examples, so checks for mixed types and missing-value words still see every row.
/// </summary>
internal sealed class TextOverflow
{
    public long Numbers;
    public long Others;
    public readonly RowExamples NumberRows = new();
    public readonly RowExamples OtherRows = new();
    /// <summary>Placeholder spellings (few by nature) with their counts and rows.</summary>
    public readonly Dictionary<string, ValueTally> Placeholders = new(StringComparer.Ordinal);

    public void Add(long row, ReadOnlySpan<char> text)
    {
        switch (TextValues.Classify(text))
        {
            case TextValueClass.Number:
                Numbers++;
                if (!NumberRows.Full) NumberRows.Add(row, text.ToString());
                break;
            case TextValueClass.Placeholder:
                var key = text.ToString();
                if (!Placeholders.TryGetValue(key, out var tally)) Placeholders[key] = tally = new ValueTally();
                tally.Count++;
                if (!tally.Rows.Full) tally.Rows.Add(row, null);
                break;
            default:
                Others++;
                if (!OtherRows.Full) OtherRows.Add(row, text.ToString());
                break;
        }
    }

    public void Merge(TextOverflow other)
    {
        Numbers += other.Numbers;
        Others += other.Others;
        NumberRows.Merge(other.NumberRows);
        OtherRows.Merge(other.OtherRows);
        foreach (var (key, tally) in other.Placeholders)
            if (Placeholders.TryGetValue(key, out var mine)) mine.Merge(tally);
            else Placeholders[key] = tally;
    }

    public void Resolve(RowNumbering numbering)
    {
        NumberRows.Resolve(numbering);
        OtherRows.Resolve(numbering);
        foreach (var tally in Placeholders.Values) tally.Rows.Resolve(numbering);
    }
}
