using MLCycle.Data;

namespace MLCycle.Preparation;

/// <summary>Removes exact duplicate rows, keeping the first occurrence.</summary>
public static class DuplicateRemover
{
    /// <summary>The table without repeated rows (missing cells match missing cells), and how many rows were removed.</summary>
    public static (Table Table, int Removed) Remove(Table table)
    {
        var keep = Kept(table);
        var removed = table.RowCount - keep.Count;
        return (removed == 0 ? table : table.Take(keep), removed);
    }

    /// <summary>The rows <see cref="Remove"/> keeps: the first occurrence of every distinct row, in order.</summary>
    public static IReadOnlyList<int> Kept(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var comparer = new RowComparer(table);
        var seen = new HashSet<int>(comparer);
        var keep = new List<int>(table.RowCount);
        for (var row = 0; row < table.RowCount; row++)
        {
            if (seen.Add(row)) keep.Add(row);
        }
        return keep;
    }

    /// <summary>Compares two rows of one table cell by cell; NaN equals NaN and null equals null, so missing cells match.</summary>
    private sealed class RowComparer(Table table) : IEqualityComparer<int>
    {
        public bool Equals(int a, int b)
        {
            foreach (var c in table.Columns)
            {
                if (c.Numbers is { } n)
                {
                    if (!n[a].Equals(n[b])) return false;
                }
                else if (!string.Equals(c.Strings![a], c.Strings[b], StringComparison.Ordinal)) return false;
            }
            return true;
        }

        public int GetHashCode(int row)
        {
            var hash = new HashCode();
            foreach (var c in table.Columns)
            {
                if (c.Numbers is { } n) hash.Add(n[row]);
                else hash.Add(c.Strings![row], StringComparer.Ordinal);
            }
            return hash.ToHashCode();
        }
    }
}
