using System.Diagnostics;
using MLCycle.Server.Admission;

namespace MLCycle.Server.Tests;

public sealed class ServiceRateTests
{
    private static long At(double seconds) => (long)(seconds * Stopwatch.Frequency);

    [Fact]
    public void RowsPerSecond_overlappingRequests_isRowsAnsweredOverBusyTimeOnly()
    {
        var rate = new ServiceRate();
        // 1,000 rows busy from 0 to 0.2 s, another 1,000 from 0.1 to 0.3 s; then idle for 10 s, then 500 rows from 10.3 to 10.4 s.
        rate.Admitted(1_000, At(0));
        rate.Admitted(1_000, At(0.1));
        rate.Done(1_000, 1_000, At(0.2));
        rate.Done(1_000, 1_000, At(0.3));
        rate.Admitted(500, At(10.3));
        rate.Done(500, 500, At(10.4));

        // 2,500 rows over 0.4 s busy: the idle 10 s do not count.
        Assert.Equal(6_250, rate.RowsPerSecond!.Value, 6);
    }

    [Fact]
    public void RowsPerSecond_refusedRowsAndTooLittleTime_countForNothing()
    {
        var rate = new ServiceRate();
        rate.Admitted(100, At(0));
        rate.Done(100, 100, At(0.05));
        Assert.Null(rate.RowsPerSecond);

        rate.Admitted(1_000, At(1));
        rate.Done(1_000, 0, At(1.15));

        // 100 answered rows over 0.2 s busy.
        Assert.Equal(500, rate.RowsPerSecond!.Value, 6);
    }
}
