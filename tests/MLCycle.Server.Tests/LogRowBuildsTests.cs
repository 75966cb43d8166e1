using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MLCycle.Server.Apis;

namespace MLCycle.Server.Tests;

/// <summary>A large answered request's log rows are built beside the connection's next request (docs/adr/0073): off the callback's
/// thread, a bounded number at once, the rows given back after the build, failures logged, and disposal waiting for them.</summary>
public sealed class LogRowBuildsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void WriteThenRelease_smallLog_isBuiltOnTheCallersThreadBeforeItReturns()
    {
        var builds = new LogRowBuilds(new RecordingLogger());
        var log = new Pending(LogRowBuilds.OffloadFrom - 1);
        var rows = new Rows(log);

        builds.WriteThenRelease(log, rows);

        Assert.Equal(Environment.CurrentManagedThreadId, log.BuiltOn);
        Assert.True(rows.ReleasedAfterBuild);
        Assert.Equal(0, log.Lost);
    }

    [Fact]
    public async Task WriteThenRelease_largeLog_isBuiltElsewhereWhileTheCallerGoesOn_andItsRowsGivenBackAfterIt()
    {
        var builds = new LogRowBuilds(new RecordingLogger());
        var log = new Pending(LogRowBuilds.OffloadFrom) { Gate = new ManualResetEventSlim() };
        var rows = new Rows(log);

        builds.WriteThenRelease(log, rows);

        // The caller is back while the build still waits at its gate.
        Assert.True(log.Started.Wait(Patience));
        Assert.Equal((1, false), (builds.Running, rows.Released.IsSet));
        log.Gate.Set();
        Assert.True(rows.Released.Wait(Patience));
        Assert.True(rows.ReleasedAfterBuild);
        Assert.NotEqual(Environment.CurrentManagedThreadId, log.BuiltOn);
        await WaitForAsync(() => builds.Running == 0);
    }

    [Fact]
    public async Task WriteThenRelease_pastTheLimitOfRunningBuilds_buildsOnTheCallersThread()
    {
        var builds = new LogRowBuilds(new RecordingLogger());
        var gate = new ManualResetEventSlim();
        var held = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Pending(10_000) { Gate = gate }).ToList();
        foreach (var log in held) builds.WriteThenRelease(log, new Rows(log));
        foreach (var log in held) Assert.True(log.Started.Wait(Patience));

        var late = new Pending(10_000);
        builds.WriteThenRelease(late, new Rows(late));

        Assert.Equal(Environment.CurrentManagedThreadId, late.BuiltOn);
        Assert.Equal(Environment.ProcessorCount, builds.Running);
        gate.Set();
        await WaitForAsync(() => builds.Running == 0);
    }

    [Fact]
    public async Task DisposeAsync_waitsForTheBuildsRunning_thenBuildsOnTheCallersThread()
    {
        var builds = new LogRowBuilds(new RecordingLogger());
        var log = new Pending(10_000) { Gate = new ManualResetEventSlim() };
        var rows = new Rows(log);
        builds.WriteThenRelease(log, rows);
        Assert.True(log.Started.Wait(Patience));

        var disposing = builds.DisposeAsync().AsTask();
        await Task.Delay(200);
        Assert.False(disposing.IsCompleted);
        log.Gate.Set();
        await disposing.WaitAsync(Patience);
        Assert.True(rows.Released.IsSet);

        var after = new Pending(10_000);
        builds.WriteThenRelease(after, new Rows(after));
        Assert.Equal(Environment.CurrentManagedThreadId, after.BuiltOn);
    }

    [Fact]
    public async Task WriteThenRelease_aBuildThatThrowsElsewhere_isLoggedAndItsRowsGivenBack()
    {
        var logger = new RecordingLogger();
        var builds = new LogRowBuilds(logger);
        var log = new Pending(10_000) { Failure = new InvalidOperationException("bad row") };
        var rows = new Rows(log);

        builds.WriteThenRelease(log, rows);

        Assert.True(rows.Released.Wait(Patience));
        await WaitForAsync(() => builds.Running == 0 && !logger.Entries.IsEmpty);
        var (level, exception) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Same(log.Failure, exception);
        // The rows are counted where the log's losses are, once.
        Assert.Equal(1, log.Lost);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < Patience.TotalMilliseconds, "the condition did not come true in time");
            await Task.Delay(10);
        }
    }

    private sealed class Pending(int count) : IPendingLog
    {
        public int Count => count;
        public ManualResetEventSlim? Gate { get; init; }
        public Exception? Failure { get; init; }
        public ManualResetEventSlim Started { get; } = new();
        public int BuiltOn { get; private set; }
        public bool Built { get; private set; }
        public int Lost { get; private set; }

        public void CountLost() => Lost++;

        public void Write()
        {
            BuiltOn = Environment.CurrentManagedThreadId;
            Started.Set();
            Gate?.Wait(Patience);
            if (Failure is not null) throw Failure;
            Built = true;
        }
    }

    private sealed class Rows(Pending log) : IDisposable
    {
        public ManualResetEventSlim Released { get; } = new();
        public bool ReleasedAfterBuild { get; private set; }

        public void Dispose()
        {
            ReleasedAfterBuild = log.Built;
            Released.Set();
        }
    }

    private sealed class RecordingLogger : ILogger<LogRowBuilds>
    {
        public ConcurrentQueue<(LogLevel Level, Exception? Exception)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, exception));
    }
}
