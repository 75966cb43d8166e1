namespace MLCycle.Cli.Tests;

/// <summary>Every error kind has its documented exit code; a new kind without one fails here.</summary>
public sealed class ExitCodesTests
{
    // The codes README's "Exit codes" line and CliApp's summary document.
    private static readonly Dictionary<ErrorKind, int> Documented = new()
    {
        [ErrorKind.BadSpec] = 2,
        [ErrorKind.BadData] = 1,
        [ErrorKind.NotFound] = 1,
        [ErrorKind.Conflict] = 1,
        [ErrorKind.ValidationFailed] = 4,
        [ErrorKind.Tampered] = 5,
        [ErrorKind.Unavailable] = 1,
        [ErrorKind.Failed] = 1,
        [ErrorKind.Forbidden] = 8,
    };

    public static TheoryData<ErrorKind> Kinds() => [.. Enum.GetValues<ErrorKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void For_everyKind_isItsDocumentedCode(ErrorKind kind)
    {
        Assert.True(Documented.TryGetValue(kind, out var expected), $"{kind} has no documented exit code");
        Assert.Equal(expected, ExitCodes.For(kind));
    }

    [Fact]
    public void For_noKind_collidesWithDriftOrSuccess()
    {
        Assert.DoesNotContain(Enum.GetValues<ErrorKind>(), k => ExitCodes.For(k) is ExitCodes.Ok or ExitCodes.DriftFound);
    }
}
