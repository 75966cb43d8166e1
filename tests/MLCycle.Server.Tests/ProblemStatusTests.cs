using MLCycle.Server.Problems;

namespace MLCycle.Server.Tests;

/// <summary>Every error kind answers with its HTTP status; a new kind without one fails here.</summary>
public sealed class ProblemStatusTests
{
    private static readonly Dictionary<ErrorKind, int> Expected = new()
    {
        [ErrorKind.BadSpec] = 400,
        [ErrorKind.BadData] = 400,
        [ErrorKind.NotFound] = 404,
        [ErrorKind.Conflict] = 409,
        [ErrorKind.ValidationFailed] = 422,
        [ErrorKind.Tampered] = 503,
        [ErrorKind.Unavailable] = 503,
        [ErrorKind.Failed] = 500,
        [ErrorKind.Forbidden] = 403,
    };

    public static TheoryData<ErrorKind> Kinds() => [.. Enum.GetValues<ErrorKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void StatusFor_everyKind_isItsStatus(ErrorKind kind)
    {
        Assert.True(Expected.TryGetValue(kind, out var status), $"{kind} has no expected HTTP status");
        Assert.Equal(status, ProblemExceptionHandler.StatusFor(kind));
    }
}
