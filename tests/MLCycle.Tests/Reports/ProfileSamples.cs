using MLCycle.Data;
using MLCycle.Profiling;

namespace MLCycle.Tests.Reports;

/// <summary>Hand-built data profiles for the profile page tests: a small one with every section, and a wide one to measure size.</summary>
internal static class ProfileSamples
{
    public const string EvilName = "<script>alert('x')</script>";

    public static DatasetProfile Small() => new()
    {
        Rows = 1000,
        DuplicateRows = 4,
        ConstantColumns = ["country"],
        Target = "churn",
        TargetBalance = [new ValueCount("No", 800), new ValueCount("Yes", 200)],
        Columns =
        [
            new ColumnProfile
            {
                Name = "tenure", Kind = ColumnKind.Numeric, Count = 750, Missing = 250, Distinct = 72,
                Numeric = new NumericStats(0, 72, 32.4, 24.6, Enumerable.Range(0, 101).Select(i => i * 0.72).ToList()),
                Histogram = new Histogram([0, 18, 36, 54, 72], [300, 200, 100, 150]),
            },
            new ColumnProfile
            {
                Name = EvilName, Kind = ColumnKind.Categorical, Count = 1000, Distinct = 2,
                TopValues = [new ValueCount("<b>bold</b>", 600), new ValueCount("plain & simple", 400)],
            },
            new ColumnProfile { Name = "country", Kind = ColumnKind.Categorical, Count = 1000, Distinct = 1, TopValues = [new ValueCount("NZ", 1000)] },
            new ColumnProfile
            {
                Name = "churn", Kind = ColumnKind.Categorical, Count = 1000, Distinct = 2,
                TopValues = [new ValueCount("No", 800), new ValueCount("Yes", 200)],
            },
        ],
        Issues =
        [
            new DataIssue(DataIssueKinds.DuplicateRows, null, 4, [new IssueExample(17, null)], "4 rows repeat an earlier row."),
            new DataIssue(DataIssueKinds.Outliers, "tenure", 3, [new IssueExample(5, "999"), new IssueExample(9, "1200")], "3 values of 'tenure' are far out."),
            new DataIssue(DataIssueKinds.SentinelValues, EvilName, 2, [new IssueExample(2, "<img src=x>")], "Sentinel values in <script>."),
            new DataIssue(DataIssueKinds.Constant, "country", 1000, [], "'country' holds one value."),
        ],
        Correlations = [new Correlation("tenure", EvilName, "eta", 0.4), new Correlation("tenure", "churn", "eta", 0.35)],
    };

    public static BiasReport Bias() => new()
    {
        Rows = 1000,
        Columns = [new BiasColumn("sex", ColumnKind.Categorical, null)],
        Groups =
        [
            Group("sex", "female", 520, 0.2, false),
            Group("sex", "male", 460, 0.25, false),
            Group("sex", EvilName, 20, 0.1, true),
        ],
        Findings = [UnderRepresentedFinding],
        FindingsByColumn = new Dictionary<string, IReadOnlyList<string>> { ["sex"] = [UnderRepresentedFinding] },
    };

    private const string UnderRepresentedFinding = "'sex' = '<script>' is under-represented: 20 rows (2.0%), below the 5.0% threshold.";

    /// <summary>200 columns, half numeric with full histograms and half categorical with 50 top values, an issue each and every pair correlated.</summary>
    public static DatasetProfile Wide(int columns = 200)
    {
        var list = new List<ColumnProfile>();
        for (int i = 0; i < columns; i++)
        {
            string name = $"column_with_a_fairly_long_name_{i:000}";
            list.Add(i % 2 == 0
                ? new ColumnProfile
                {
                    Name = name, Kind = ColumnKind.Numeric, Count = 9_990_000, Missing = 10_000 + i, Distinct = 1_000_000,
                    Numeric = new NumericStats(-1234.5678, 98765.4321, 5432.1234, 876.54321, Enumerable.Range(0, 101).Select(p => p * 987.65).ToList()),
                    Histogram = new Histogram(Enumerable.Range(0, 21).Select(b => -1234.5678 + b * 5000.0).ToList(),
                        Enumerable.Range(0, 20).Select(b => 100_000L + b * 7919L % 400_000).ToList()),
                }
                : new ColumnProfile
                {
                    Name = name, Kind = ColumnKind.Categorical, Count = 10_000_000, Distinct = 5000,
                    TopValues = Enumerable.Range(0, 50).Select(v => new ValueCount($"a rather long category value number {v}", 500_000 - v * 1000)).ToList(),
                });
        }
        var names = list.Select(c => c.Name).ToList();
        return new DatasetProfile
        {
            Rows = 10_000_000,
            Columns = list,
            Issues = names.Select(n => new DataIssue(DataIssueKinds.Outliers, n, 1234,
                [new IssueExample(1, "123456.789"), new IssueExample(2, "234567.891"), new IssueExample(3, "345678.912")],
                $"1,234 values of '{n}' are outside the modified z-score bounds [-3.5, 3.5].")).ToList(),
            Correlations = [.. from a in Enumerable.Range(0, columns) from b in Enumerable.Range(a + 1, columns - a - 1)
                               select new Correlation(names[a], names[b], "pearson", Math.Sin(a * 7 + b))],
        };
    }

    private static BiasGroupShare Group(string column, string value, long count, double rate, bool under) => new()
    {
        Column = column, Values = [value], Count = count, Share = count / 1000.0, MissingShare = 0, TargetRate = rate, UnderRepresented = under,
    };
}
