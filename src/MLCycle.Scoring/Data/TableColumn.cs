using System.Globalization;

namespace MLCycle.Data;

/// <summary>
/// One materialised column. Numeric, Boolean (0/1) and DateTime (Unix seconds) values live in
/// <see cref="Numbers"/> with NaN for missing; Categorical and Text values live in <see cref="Strings"/>
/// with null for missing.
/// </summary>
public sealed class TableColumn
{
    private TableColumn(ColumnInfo info, double[]? numbers, string?[]? strings)
    {
        Info = info;
        Numbers = numbers;
        Strings = strings;
    }

    public ColumnInfo Info { get; }
    public string Name => Info.Name;
    public ColumnKind Kind => Info.Kind;
    public double[]? Numbers { get; }
    public string?[]? Strings { get; }
    public int Length => Numbers?.Length ?? Strings!.Length;

    public static bool StoresNumbers(ColumnKind kind) =>
        kind is ColumnKind.Numeric or ColumnKind.Boolean or ColumnKind.DateTime;

    public static TableColumn FromNumbers(ColumnInfo info, double[] values)
    {
        if (!StoresNumbers(info.Kind)) throw new ArgumentException($"Column '{info.Name}' of kind {info.Kind} stores strings.");
        return new TableColumn(info, values, null);
    }

    public static TableColumn FromStrings(ColumnInfo info, string?[] values)
    {
        if (StoresNumbers(info.Kind)) throw new ArgumentException($"Column '{info.Name}' of kind {info.Kind} stores numbers.");
        return new TableColumn(info, null, values);
    }

    public bool IsMissing(int row) => Numbers is not null ? double.IsNaN(Numbers[row]) : Strings![row] is null;

    /// <summary>The value as text, the way it is written to CSV and JSON (null when missing).</summary>
    public string? Format(int row)
    {
        if (Strings is not null) return Strings[row];
        return Format(Kind, Numbers![row]);
    }

    /// <summary>A number as a column of <paramref name="kind"/> writes it (null when NaN, missing).</summary>
    public static string? Format(ColumnKind kind, double v)
    {
        if (double.IsNaN(v)) return null;
        return kind switch
        {
            ColumnKind.Boolean => v != 0 ? "true" : "false",
            ColumnKind.DateTime => DateTimeOffset.FromUnixTimeMilliseconds((long)(v * 1000)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            _ => v.ToString("R", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Every value as text, as <see cref="Format"/> writes it (null when missing): class labels, CSV cells.</summary>
    public string?[] FormatAll()
    {
        if (Strings is not null) return Strings;
        var texts = new string?[Length];
        for (var i = 0; i < texts.Length; i++) texts[i] = Format(i);
        return texts;
    }

    /// <summary>A new column holding the given rows, in the given order.</summary>
    public TableColumn Take(IReadOnlyList<int> rows)
    {
        if (Numbers is not null)
        {
            var n = new double[rows.Count];
            for (var i = 0; i < n.Length; i++) n[i] = Numbers[rows[i]];
            return new TableColumn(Info, n, null);
        }
        var s = new string?[rows.Count];
        for (var i = 0; i < s.Length; i++) s[i] = Strings![rows[i]];
        return new TableColumn(Info, null, s);
    }
}
