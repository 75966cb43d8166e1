using MLCycle.Agent;
using MLCycle.Tests.Pipelines;

namespace MLCycle.Tests.Agent;

public sealed class RetrainLockTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TryAcquire_whileHeld_isNullForThatModelOnly()
    {
        using var first = RetrainLock.TryAcquire(_folder.Path, "churn");

        var second = RetrainLock.TryAcquire(_folder.Path, "churn");
        using var other = RetrainLock.TryAcquire(_folder.Path, "penguins");

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(other);
    }

    [Fact]
    public void TryAcquire_afterRelease_succeeds()
    {
        RetrainLock.TryAcquire(_folder.Path, "churn")!.Dispose();

        using var again = RetrainLock.TryAcquire(_folder.Path, "churn");

        Assert.NotNull(again);
    }
}
