using System.Globalization;
using System.Text;
using MLCycle.Profiling;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling;

public sealed class DataIssueTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly DatasetProfiler _profiler = new();

    public void Dispose() => _temp.Dispose();

    private async Task<DatasetProfile> ProfileAsync(string csv, ProfileOptions? options = null) =>
        await _profiler.ProfileAsync(_temp.Write("data.csv", csv), null, options ?? new ProfileOptions());

    private static List<DataIssue> Issues(DatasetProfile profile, string kind, string? column) =>
        profile.Issues.Where(i => i.Kind == kind && i.Column == column).ToList();

    private static DataIssue Single(DatasetProfile profile, string kind, string? column) => Assert.Single(Issues(profile, kind, column));

    private static (long, string?)[] Examples(DataIssue issue) => issue.Examples.Select(e => (e.Row, e.Value)).ToArray();

    private static string Csv(string header, int rows, Func<int, string> row)
    {
        var text = new StringBuilder(header).Append('\n');
        for (var r = 1; r <= rows; r++) text.Append(row(r)).Append('\n');
        return text.ToString();
    }

    [Fact]
    public async Task ProfileAsync_numbers_among_words_are_mixed_types_counted_by_the_minority()
    {
        var profile = await ProfileAsync("code\nabc\n12\ndef\nghi\n7\nxyz\n");

        var issue = Single(profile, DataIssueKinds.MixedTypes, "code");
        Assert.Equal(2, issue.Count);
        Assert.Equal([(2L, "12"), (5L, "7")], Examples(issue));
        Assert.Equal(2, issue.Details!["numbers"]);
        Assert.Equal(4, issue.Details!["non_numbers"]);
    }

    [Fact]
    public async Task ProfileAsync_case_space_and_letter_spellings_are_inconsistent_categories()
    {
        var profile = await ProfileAsync("sex,n\nMale,1\n\"male \",2\nM,3\nFemale,4\nF,5\nMale,6\nFemale,7\nFemale,8\n");

        var issues = Issues(profile, DataIssueKinds.InconsistentCategories, "sex");
        Assert.Equal(2, issues.Count);
        var male = issues.Single(i => i.Message.Contains("'Male'", StringComparison.Ordinal) && i.Message.Contains("'M'", StringComparison.Ordinal));
        Assert.Equal(2, male.Count);
        Assert.Equal([(2L, "male "), (3L, "M")], Examples(male));
        var female = issues.Single(i => i != male);
        Assert.Equal(1, female.Count);
        Assert.Equal([(5L, "F")], Examples(female));
    }

    [Fact]
    public async Task ProfileAsync_codes_apart_from_the_real_values_are_numeric_sentinels()
    {
        var profile = await ProfileAsync("score,level\n5,0\n7,2\n-999,-1\n6,3\n8,1\n9999,-1\n");

        var score = Issues(profile, DataIssueKinds.SentinelValues, "score");
        Assert.Equal([(-999.0, 1L, 3L), (9999.0, 1L, 6L)], score.Select(i => (i.Details!["value"], i.Count, i.Examples.Single().Row)).Order());
        var level = Single(profile, DataIssueKinds.SentinelValues, "level");
        Assert.Equal(2, level.Count);
        Assert.Equal([(3L, "-1"), (6L, "-1")], Examples(level));
    }

    [Fact]
    public async Task ProfileAsync_minus_one_among_negative_values_is_not_a_sentinel()
    {
        var profile = await ProfileAsync("temp\n-5\n-1\n3\n-1\n2\n");

        Assert.Empty(Issues(profile, DataIssueKinds.SentinelValues, "temp"));
    }

    [Fact]
    public async Task ProfileAsync_placeholder_words_are_sentinels_and_none_is_only_a_possible_one()
    {
        var profile = await ProfileAsync(
            "city,veneer,masonry\nParis,Stone,None\nN/A,None,None\nRome,Brick,None\n?,Stone,Stone\nOslo,Stone,Brick\nmissing,Brick,None\n");

        var city = Single(profile, DataIssueKinds.SentinelValues, "city");
        Assert.Equal([(2L, "N/A"), (4L, "?"), (6L, "missing")], Examples(city));
        Assert.Equal(3, city.Count);
        var veneer = Single(profile, DataIssueKinds.SentinelValues, "veneer");
        Assert.Equal(1, veneer.Count);
        Assert.Contains("may stand for missing or be a real label", veneer.Message, StringComparison.Ordinal);
        Assert.Empty(Issues(profile, DataIssueKinds.SentinelValues, "masonry")); // None is its most common value
    }

    [Fact]
    public async Task ProfileAsync_far_value_is_an_outlier_by_both_rules_with_hand_computed_bounds()
    {
        // 1..20 and 100: Q1 = 6, Q3 = 16 (IQR fences -9 and 31); median 11, MAD 5 (cut-off 3.5 x 1.4826 x 5 = 25.9455).
        var profile = await ProfileAsync(Csv("x", 21, r => r == 21 ? "100" : r.ToString(CultureInfo.InvariantCulture)));

        var issue = Single(profile, DataIssueKinds.Outliers, "x");
        Assert.Equal(1, issue.Count);
        Assert.Equal([(21L, "100")], Examples(issue));
        var d = issue.Details!;
        Assert.Equal((1.0, 6.0, 16.0, -9.0, 31.0), (d["iqr_count"], d["q1"], d["q3"], d["iqr_lower"], d["iqr_upper"]));
        Assert.Equal((1.0, 11.0, 5.0), (d["mad_count"], d["median"], d["mad"]));
        Assert.Equal(11 + 3.5 * 1.4826 * 5, d["mad_upper"], 9);
        Assert.Contains("[-9, 31]", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfileAsync_negative_ages_future_dates_and_percentages_over_100_are_impossible()
    {
        var csv = Csv("age,signup,discount_pct,heart_rate", 20, r => string.Join(',',
            r == 2 ? "-2" : (20 + r).ToString(CultureInfo.InvariantCulture),
            r == 3 ? "2999-01-01" : $"2020-01-{r:00}",
            r == 5 ? "150" : (r * 4).ToString(CultureInfo.InvariantCulture),
            (110 + r).ToString(CultureInfo.InvariantCulture)));
        var profile = await ProfileAsync(csv);

        Assert.Equal([(2L, "-2")], Examples(Single(profile, DataIssueKinds.ImpossibleValues, "age")));
        var future = Single(profile, DataIssueKinds.ImpossibleValues, "signup");
        Assert.Equal(1, future.Count);
        Assert.Equal(3, future.Examples.Single().Row);
        Assert.StartsWith("2999-01-01", future.Examples.Single().Value, StringComparison.Ordinal);
        Assert.Equal([(5L, "150")], Examples(Single(profile, DataIssueKinds.ImpossibleValues, "discount_pct")));
        Assert.Empty(Issues(profile, DataIssueKinds.ImpossibleValues, "heart_rate")); // a rate above 100 everywhere is no percentage
    }

    [Fact]
    public async Task ProfileAsync_repeated_rows_and_keys_are_duplicates()
    {
        var profile = await ProfileAsync("id,order_id,v\n1,a,x\n2,b,y\n1,a,x\n3,b,z\n", new ProfileOptions { Keys = ["order_id"] });

        var rows = Single(profile, DataIssueKinds.DuplicateRows, null);
        Assert.Equal(1, rows.Count);
        Assert.Equal([(3L, "same as row 1")], Examples(rows));
        var declared = Single(profile, DataIssueKinds.DuplicateKeys, "order_id");
        Assert.Equal(2, declared.Count);
        Assert.Equal([(3L, "a"), (4L, "b")], Examples(declared));
        var id = Single(profile, DataIssueKinds.DuplicateKeys, "id");
        Assert.Equal([(3L, "1")], Examples(id));
    }

    [Fact]
    public async Task ProfileAsync_composite_key_repeats_only_when_all_parts_repeat()
    {
        var profile = await ProfileAsync("store,day,sales\ns1,1,5\ns1,2,6\ns2,1,7\ns1,2,8\n", new ProfileOptions { Keys = ["store", "day"] });

        var issue = Single(profile, DataIssueKinds.DuplicateKeys, "store, day");
        Assert.Equal([(4L, "s1|2")], Examples(issue));
    }

    [Fact]
    public async Task ProfileAsync_one_value_columns_are_constant_and_almost_one_value_near_constant()
    {
        var csv = Csv("k,flag,rare,name", 200, r => string.Join(',', "x", r == 150 ? "1" : "0", r == 10 ? "b" : "a", $"user{r}"));
        var profile = await ProfileAsync(csv);

        Assert.Equal(200, Single(profile, DataIssueKinds.Constant, "k").Count);
        var flag = Single(profile, DataIssueKinds.NearConstant, "flag");
        Assert.Equal([(150L, "1")], Examples(flag));
        Assert.Equal(0.995, flag.Details!["top_share"], 12);
        Assert.Equal([(10L, "b")], Examples(Single(profile, DataIssueKinds.NearConstant, "rare")));
        var name = Single(profile, DataIssueKinds.HighCardinality, "name");
        Assert.Equal(200, name.Count);
        Assert.Equal(1, name.Examples[0].Row);
        Assert.Empty(Issues(profile, DataIssueKinds.HighCardinality, "rare"));
    }

    [Fact]
    public async Task ProfileAsync_many_distinct_numbers_with_one_dominant_value_are_near_constant()
    {
        var csv = Csv("reading", 3000, r => r % 120 == 0 ? (r / 120.0).ToString(CultureInfo.InvariantCulture) + ".5" : "7");
        var profile = await ProfileAsync(csv);

        var issue = Single(profile, DataIssueKinds.NearConstant, "reading");
        Assert.Equal(25, issue.Count);
        Assert.Equal(120, issue.Examples[0].Row);
    }
}
