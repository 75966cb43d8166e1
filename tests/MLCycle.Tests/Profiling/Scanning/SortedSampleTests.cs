using MLCycle.Profiling.Scanning;

namespace MLCycle.Tests.Profiling.Scanning;

public sealed class SortedSampleTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1001)]
    [InlineData(1000)]
    public void MedianAbsoluteDeviation_equals_the_median_of_sorted_deviations(int count)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(_ => random.Next(10) == 0 ? double.NaN : Math.Round(random.NextDouble() * 50, 1)).ToArray();
        values[0] = 12.5;   // at least one present value, so every case checks something
        var sorted = new SortedSample(values);

        foreach (var centre in new[] { sorted.Quantile(0.5), 7.0, -3.0, 60.0 })
        {
            var deviations = sorted.Values.Select(v => Math.Abs(v - centre)).Order().ToArray();
            var h = (deviations.Length - 1) * 0.5;
            var expected = deviations[(int)Math.Floor(h)] + (h - Math.Floor(h)) * (deviations[(int)Math.Ceiling(h)] - deviations[(int)Math.Floor(h)]);
            Assert.Equal(expected, sorted.MedianAbsoluteDeviation(centre), 12);
        }
    }

    [Fact]
    public void Ranks_share_the_average_rank_among_ties_and_leave_missing_values_out()
    {
        var ranks = new SortedSample([30, double.NaN, 10, 20, 20, 10, 40]).Ranks();

        Assert.Equal([5, double.NaN, 1.5, 3.5, 3.5, 1.5, 6], ranks);
    }
}

public sealed class PlainDecimalTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("12.345")]
    [InlineData("-7.1")]
    [InlineData("+3.25")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("123456789012345")]
    [InlineData("0.00000000000001")]
    [InlineData("99999.99")]
    [InlineData("0.1")]
    [InlineData("2.675")]
    public void PlainDecimal_gives_the_same_double_as_double_Parse(string text)
    {
        Assert.True(CsvFieldReader.PlainDecimal(System.Text.Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
    }

    [Fact]
    public void PlainDecimal_agrees_with_double_Parse_on_a_million_random_decimals()
    {
        var random = new Random(5);
        var read = 0;
        for (var n = 0; n < 1_000_000; n++)
        {
            var text = (random.NextDouble() * Math.Pow(10, random.Next(-3, 9))).ToString("F" + random.Next(0, 7), System.Globalization.CultureInfo.InvariantCulture);
            if (!CsvFieldReader.PlainDecimal(System.Text.Encoding.ASCII.GetBytes(text), out var value)) continue;
            read++;
            Assert.Equal(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), value);
        }
        // Only texts of more than 15 digits are left to the full parser; the rest must all have been compared.
        Assert.True(read > 900_000, $"only {read} of 1,000,000 texts were plain decimals");
    }

    [Theory]
    [InlineData("1e5")]
    [InlineData("1.2.3")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1234567890123456")]
    [InlineData(" 5")]
    [InlineData("NaN")]
    public void PlainDecimal_leaves_anything_else_to_the_full_parser(string text) =>
        Assert.False(CsvFieldReader.PlainDecimal(System.Text.Encoding.ASCII.GetBytes(text), out _));
}
