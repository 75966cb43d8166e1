using System.Diagnostics;

namespace MLCycle.Server.Admission;

/// <summary>How many rows per second this server answers while it has rows to answer: rows finished over the time any were queued,
/// over about the last two seconds of such time. The rate is what the server does on this machine under its current load (other
/// processes included), so a row budget derived from it shrinks when the machine is slower (docs/adr/0053).</summary>
internal sealed class ServiceRate
{
    // Half the weight of what was measured goes once this much busy time is summed: the rate follows a change within seconds.
    private const double WindowSeconds = 2;

    // Less busy time than this says too little (one small request's overhead) to derive a budget from.
    private const double MinSeconds = 0.1;

    private readonly Lock gate = new();
    private long inService;
    private long busySince;
    private double busySeconds;
    private double rowsDone;

    /// <summary>Rows answered per second of busy time; null until enough has been measured.</summary>
    public double? RowsPerSecond
    {
        get
        {
            lock (gate) return busySeconds >= MinSeconds && rowsDone > 0 ? rowsDone / busySeconds : null;
        }
    }

    /// <summary>Rows were admitted at <paramref name="timestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void Admitted(int rows, long timestamp)
    {
        lock (gate)
        {
            if (inService == 0) busySince = timestamp;
            inService += rows;
        }
    }

    /// <summary><paramref name="rows"/> admitted before left the queue at <paramref name="timestamp"/>, <paramref name="answered"/> of them
    /// with an answer (a refused request's rows took time but count for nothing).</summary>
    public void Done(int rows, int answered, long timestamp)
    {
        lock (gate)
        {
            busySeconds += (double)(timestamp - busySince) / Stopwatch.Frequency;
            busySince = timestamp;
            inService = Math.Max(0, inService - rows);
            rowsDone += answered;
            if (busySeconds > WindowSeconds)
            {
                busySeconds /= 2;
                rowsDone /= 2;
            }
        }
    }
}
