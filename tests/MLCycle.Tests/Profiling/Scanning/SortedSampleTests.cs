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
    [InlineData("1e5")]
    [InlineData("-2.5E-3")]
    [InlineData("7e+22")]
    [InlineData("123456789012345e-22")]
    [InlineData("0e400")]
    [InlineData("-0.0e-999")]
    [InlineData("000000000000000000000123.25")]
    [InlineData("0.0000000000000000000001")]
    [InlineData("1.e5")]
    [InlineData(".5E1")]
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

    [Fact]
    public void PlainDecimal_agrees_with_double_Parse_on_two_million_random_numerals()
    {
        // Signs, leading zeros, a bare point on either side, up to 20 digits on each side and exponents near and past
        // the fast path's limits: every text it reads must be read by double.Parse as the very same bits.
        var random = new Random(23);
        var text = new System.Text.StringBuilder();
        var (read, tried) = (0, 0);
        for (var n = 0; n < 2_000_000; n++)
        {
            text.Clear();
            if (random.Next(3) == 0) text.Append(random.Next(2) == 0 ? '-' : '+');
            Digits(text, random, random.Next(4) == 0 ? 0 : random.Next(1, 21));
            if (random.Next(4) != 0) text.Append('.');
            Digits(text, random, random.Next(4) == 0 ? 0 : random.Next(1, 21));
            if (random.Next(3) == 0)
            {
                text.Append(random.Next(2) == 0 ? 'e' : 'E');
                if (random.Next(2) == 0) text.Append(random.Next(2) == 0 ? '-' : '+');
                text.Append(random.Next(2) == 0 ? random.Next(0, 30) : random.Next(0, 400));
            }
            var numeral = text.ToString();
            if (!CsvFieldReader.PlainDecimal(System.Text.Encoding.ASCII.GetBytes(numeral), out var value)) continue;
            read++;
            Assert.True(double.TryParse(numeral, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var expected), numeral);
            if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(value))
                Assert.Fail($"'{numeral}': double.Parse gives {expected:R}, PlainDecimal {value:R}");
            tried++;
        }
        Assert.Equal(read, tried);
        // A fast path that refused everything would pass the comparison; a third of these texts fit it.
        Assert.True(read > 500_000, $"only {read} of 2,000,000 texts were read");
    }

    private static void Digits(System.Text.StringBuilder text, Random random, int count)
    {
        // Runs of zeros are common in real data and the edge of the significant-digit count.
        var zeros = random.Next(3) == 0 ? random.Next(0, count + 1) : 0;
        for (var i = 0; i < count; i++) text.Append(i < zeros ? '0' : (char)('0' + random.Next(10)));
    }

    [Theory]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("e5")]
    [InlineData(".e5")]
    [InlineData("1e23")]
    [InlineData("1e-23")]
    [InlineData("0.000000000000000000000000001")]
    [InlineData("12345678901234567e0")]
    [InlineData("0.1234567890123456")]
    [InlineData("1e5x")]
    [InlineData("1.2.3")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1234567890123456")]
    [InlineData(" 5")]
    [InlineData("NaN")]
    public void PlainDecimal_leaves_anything_else_to_the_full_parser(string text) =>
        Assert.False(CsvFieldReader.PlainDecimal(System.Text.Encoding.ASCII.GetBytes(text), out _));
}
