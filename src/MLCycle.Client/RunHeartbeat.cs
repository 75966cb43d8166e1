using System.Net;

namespace MLCycle.Client;

/// <summary>Renews a run's lease on the server every third of the lease until disposed (ADR 0055), so a run that is open but quiet (a
/// long training between two metrics) stays Running, and one whose process died is ended by the server a lease later. A failed beat
/// (the server unreachable for a moment, 503, 429) is retried at the next; a 404 or 409 (the run ended: the server ended it because
/// an earlier lease lapsed while this machine slept, or someone ended it) stops the beats and is kept as <see cref="Refusal"/>.</summary>
internal sealed class RunHeartbeat : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private volatile MLCycleApiException? refusal;

    public RunHeartbeat(MLCycleClient client, string runId, TimeSpan lease)
    {
        Interval = TimeSpan.FromTicks(Math.Max(lease.Ticks / 3, TimeSpan.FromMilliseconds(50).Ticks));
        var token = stop.Token;
        // The token source is disposed only once the loop is done with it.
        Task.Run(() => BeatAsync(client, runId, token), CancellationToken.None).ContinueWith(_ => stop.Dispose(), TaskScheduler.Default);
    }

    /// <summary>How often a beat is sent: a third of the lease, so two lost beats in a row still leave the run Running.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The server's refusal of a beat, when the run is no longer Running there; null while all is well.</summary>
    public MLCycleApiException? Refusal => refusal;

    private async Task BeatAsync(MLCycleClient client, string runId, CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    await client.HeartbeatAsync(runId, ct).ConfigureAwait(false);
                }
                catch (MLCycleApiException e) when (e.Status is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
                {
                    refusal = e;
                    return;
                }
                catch (MLCycleApiException)
                {
                    // Unreachable or busy for a moment: the lease outlasts two missed beats, so the next one is in time.
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped: the run ended, or its owner let it go.
        }
    }

    /// <summary>Stops the beats; one already sent is abandoned.</summary>
    public void Dispose()
    {
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The loop already ended (after a refusal) and let go of its token source.
        }
    }
}
