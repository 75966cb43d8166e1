namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle server --run-lease`: a whole number of seconds, minutes or hours; anything else is refused before the server
/// starts, naming what was found and what is expected.</summary>
public sealed class RunLeaseOptionTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("2H", 7200)]
    public void Parse_secondsMinutesHours_isThatLong(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RunLeaseOption.Parse(text));

    [Theory]
    [InlineData("0m")]
    [InlineData("10")]
    [InlineData("1.5h")]
    [InlineData("-5m")]
    [InlineData("10d")]
    [InlineData("m")]
    public void Parse_notALease_isNull(string text) => Assert.Null(RunLeaseOption.Parse(text));

    [Fact]
    public async Task Server_badRunLease_isRefusedWithExitCode2BeforeStarting()
    {
        var result = await Cli.RunAsync("server", "--store", Path.Combine(Path.GetTempPath(), "mlcycle-lease-never-created"), "--run-lease", "10x");

        Assert.Equal(ExitCodes.BadArguments, result.ExitCode);
        Assert.Contains("--run-lease expects a whole number of seconds, minutes or hours", result.Err);
        Assert.Contains("'10x'", result.Err);
    }
}
