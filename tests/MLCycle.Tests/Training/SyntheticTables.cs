using MLCycle.Data;

namespace MLCycle.Tests.Training;

/// <summary>Seeded synthetic tables whose target depends on the features, so a real learner beats the baseline.</summary>
internal static class SyntheticTables
{
    public static TableColumn Numbers(string name, double[] values, ColumnKind kind = ColumnKind.Numeric) =>
        TableColumn.FromNumbers(new ColumnInfo(name, kind, "DOUBLE"), values);

    public static TableColumn Strings(string name, string?[] values, ColumnKind kind = ColumnKind.Categorical) =>
        TableColumn.FromStrings(new ColumnInfo(name, kind, "VARCHAR"), values);

    /// <summary>x (numeric, some missing), color (categorical), flag (boolean); target "label" yes/no, or a number, or three classes.</summary>
    public static Table Create(int rows, string task, int seed = 7)
    {
        var random = new Random(seed);
        var x = new double[rows];
        var flag = new double[rows];
        var color = new string?[rows];
        var colors = new[] { "red", "green", "blue" };
        var yes = new string?[rows];
        var value = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            x[r] = random.NextDouble() * 10;
            flag[r] = random.Next(2);
            color[r] = r % 17 == 0 ? null : colors[random.Next(3)];
            var signal = x[r] + (color[r] == "red" ? 3 : 0) + flag[r] * 2 + random.NextDouble() * 2;
            yes[r] = task == "multiclass" ? (signal < 5 ? "low" : signal < 9 ? "mid" : "high") : signal > 7 ? "yes" : "no";
            value[r] = signal * 10;
            if (r % 13 == 0) x[r] = double.NaN;
        }
        return new Table([
            Numbers("x", x),
            Strings("color", color),
            Numbers("flag", flag, ColumnKind.Boolean),
            task == "regression" ? Numbers("label", value) : Strings("label", yes),
        ]);
    }
}
