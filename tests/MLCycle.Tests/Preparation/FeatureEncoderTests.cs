using MLCycle.Data;
using MLCycle.Preparation;
using static MLCycle.Tests.Training.SyntheticTables;

namespace MLCycle.Tests.Preparation;

public class FeatureEncoderTests
{
    private static readonly InputColumn[] Inputs =
    [
        new("age", ColumnKind.Numeric, true),
        new("when", ColumnKind.DateTime, true),
        new("city", ColumnKind.Categorical, true, ["Oslo", "Rome"]),
        new("user", ColumnKind.Categorical, false),
        new("note", ColumnKind.Text, true),
    ];

    [Fact]
    public void Layout_gives_a_datetime_five_numeric_slots_after_the_numbers()
    {
        var layout = new FeatureLayout(Inputs);

        Assert.Equal(["age", "when.year", "when.month", "when.day", "when.day_of_week", "when.hour"], layout.NumericSlots);
        Assert.Equal((1, 1, 1), (layout.CategoricalCount, layout.HashedCount, layout.TextCount));
        Assert.True(layout.IsHashed(3));
        Assert.False(layout.IsHashed(2));
    }

    [Fact]
    public void Encode_turns_a_datetime_into_utc_parts_and_categories_into_prefixed_tokens()
    {
        // 2024-03-15T13:45:00Z is a Friday.
        var when = new DateTimeOffset(2024, 3, 15, 13, 45, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var table = new Table([
            Numbers("age", [41, double.NaN]),
            Numbers("when", [when, double.NaN], ColumnKind.DateTime),
            Strings("city", ["Rome", null]),
            Strings("user", ["u17", "u18"]),
            Strings("note", ["late delivery", null], ColumnKind.Text),
        ]);

        var rows = new FeatureEncoder(new FeatureLayout(Inputs)).Encode(table);

        Assert.Equal([41f, 2024f, 3f, 15f, 5f, 13f], rows[0].Numeric);
        Assert.All(rows[1].Numeric, v => Assert.True(float.IsNaN(v)));
        Assert.Equal(["city=Rome"], rows[0].Categorical);
        Assert.Equal(["city=" + FeatureEncoder.MissingToken], rows[1].Categorical);
        Assert.Equal(["user=u17"], rows[0].Hashed);
        Assert.Equal(["late delivery"], rows[0].Text);
        Assert.Equal([""], rows[1].Text);
    }
}
