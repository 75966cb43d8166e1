namespace MLCycle.Training;

/// <summary>
/// What keeps rows together when the data is split into train and test parts and cross-validation folds: the group of
/// each row (<c>split.group</c>: a group is never on both sides) or its time (<c>split.time</c>: the test rows and every
/// validation fold come after the rows trained on). Values are aligned with the rows of the training request's table.
/// </summary>
public sealed record RowSplit
{
    private RowSplit(string column, string?[]? groups, double[]? times, bool dates)
    {
        Column = column;
        Groups = groups;
        Times = times;
        _dates = dates;
    }

    private readonly bool _dates;

    /// <summary>The column the values come from, for messages and the run's params.</summary>
    public string Column { get; }
    /// <summary>The group of each row (missing values form one group of their own), or null for a time split.</summary>
    public string?[]? Groups { get; }
    /// <summary>The time of each row (Unix seconds or any number that orders the rows), or null for a group split.</summary>
    public double[]? Times { get; }

    public static RowSplit ByGroup(string column, string?[] groups) => new(column, groups ?? throw new ArgumentNullException(nameof(groups)), null, false);

    /// <summary>A time split; every value must be a number (no NaN); <paramref name="dates"/> says they are Unix seconds, for messages.</summary>
    public static RowSplit ByTime(string column, double[] times, bool dates)
    {
        ArgumentNullException.ThrowIfNull(times);
        var missing = Array.FindIndex(times, double.IsNaN);
        if (missing >= 0)
        {
            throw new MLCycleException(ErrorKind.BadData,
                $"split.time column '{column}' has {times.Count(double.IsNaN)} missing value(s), the first in data row {missing + 1}; every row needs a time to be put before or after the others.");
        }
        return new(column, null, times, dates);
    }

    public int Count => Groups?.Length ?? Times!.Length;

    /// <summary>The values of the given rows, in that order.</summary>
    public RowSplit Pick(IReadOnlyList<int> rows) => new(Column,
        Groups is null ? null : rows.Select(r => Groups[r]).ToArray(),
        Times is null ? null : rows.Select(r => Times[r]).ToArray(), _dates);

    /// <summary>The train and test rows (each ascending).</summary>
    public (int[] Train, int[] Test) Split(double testFraction, int seed) =>
        Groups is not null ? GroupSplitter.Split(Groups, testFraction, seed) : TimeSplitter.Split(Times!, testFraction);

    /// <summary>k cross-validation folds.</summary>
    public CvFold[] Folds(int k, int seed) =>
        Groups is not null ? CvFold.Complements(Groups.Length, GroupSplitter.Folds(Groups, k, seed)) : TimeSplitter.Folds(Times!, k);

    /// <summary>How the split was made, for the run's log and report.</summary>
    public string Describe(int[] train, int[] test) => Groups is not null
        ? $"by group '{Column}': {Distinct(train)} groups train, {Distinct(test)} other groups test"
        : $"by time '{Column}': training rows up to {Show(train.Max(r => Times![r]))}, test rows from {Show(test.Min(r => Times![r]))}";

    private int Distinct(int[] rows) => rows.Select(r => Groups![r]).Distinct(StringComparer.Ordinal).Count();

    private string Show(double time) => _dates
        ? DateTimeOffset.FromUnixTimeMilliseconds((long)(time * 1000)).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
        : time.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
