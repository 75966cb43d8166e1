using System.Text;
using MLCycle.Server.Apis;

namespace MLCycle.Server.Tests;

/// <summary>An escaped surrogate without its pair is valid JSON but no text: the prediction readers refuse it naming where it is,
/// instead of failing deep in scoring as a 500 (found by sending "\ud800" as a category to a served telco model).</summary>
public sealed class EscapedSurrogateTests
{
    [Theory]
    [InlineData("""{"rows":[{"tenure":1,"contract":"\ud800"}]}""", "$.rows[0].contract")]
    [InlineData("""{"rows":[{"tenure":1},{"contract":"ok\uDC00"}]}""", "$.rows[1].contract")]
    [InlineData("""{"rows":[{"tenure":1,"\ud800":1}]}""", "$.rows[0] (a property name)")]
    public async Task PredictReader_unpairedSurrogate_isAnErrorNamingItsPath(string body, string path)
    {
        using var reader = await PredictRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), default);

        var error = Assert.Single(reader.Errors);
        Assert.Equal(path, error.Field);
        Assert.Contains("surrogate", error.Reason);
    }

    [Theory]
    [InlineData("""{"rows":[{"contract":"\ud83d\ude00 month"}]}""")]
    [InlineData("""{"rows":[{"contract":"\u00e9t\u00e9","note":"\\ud800 is only text here"}]}""")]
    public async Task PredictReader_pairedSurrogatesAndOtherEscapes_areText(string body)
    {
        using var reader = await PredictRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), default);

        Assert.DoesNotContain(reader.Errors, e => e.Reason.Contains("surrogate", StringComparison.Ordinal));
    }
}
