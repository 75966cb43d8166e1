using System.Text;
using MLCycle.Profiling.Scanning;

namespace MLCycle.Tests.Profiling.Scanning;

public sealed class TextMemoTests
{
    [Fact]
    public void Find_tells_apart_values_that_share_their_first_and_last_eight_bytes_or_differ_only_in_length()
    {
        // Same head and tail, different middle; prefixes of each other; empty and one-byte values.
        string[] values = ["", "a", "ab", "abc", "abcd", "abcdefgh", "abcdefghi", "abcdefgh-X-12345678", "abcdefgh-Y-12345678",
            "abcdefgh--X--12345678", "x", "\0", "\0\0", "é", "ée"];
        var memo = new TextMemo();
        foreach (var value in values) Add(memo, value);

        foreach (var value in values)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            var found = memo.Find(bytes, TextMemo.Key.Of(bytes));
            Assert.True(found >= 0, $"'{value}' was not found");
            Assert.Equal(value, memo[found].Entry!.Text);
        }
        var missing = Encoding.UTF8.GetBytes("abcdefgh-Z-12345678");
        Assert.Equal(-1, memo.Find(missing, TextMemo.Key.Of(missing)));
    }

    [Fact]
    public void Grows_past_its_first_size_and_keeps_every_value_with_its_pending_count()
    {
        var memo = new TextMemo();
        var tallies = Enumerable.Range(0, 5_000).Select(i => Add(memo, $"value {i}")).ToList();
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = Encoding.UTF8.GetBytes($"value {i}");
            memo[memo.Find(bytes, TextMemo.Key.Of(bytes))].Pending += i;
        }

        memo.Flush();

        Assert.Equal(5_000, memo.Count);
        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => (long)i), tallies.Select(t => t.Count));
    }

    private static ValueTally Add(TextMemo memo, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var tally = new ValueTally();
        memo.Add(bytes, TextMemo.Key.Of(bytes), value, 0, tally);
        return tally;
    }
}
