using MLCycle.Monitoring;
using MLCycle.Storage;

namespace MLCycle.Tests.Storage;

public sealed class PredictionLogWriterTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task DisposeAsync_queuedEntries_areAllWrittenInBatches()
    {
        await using var store = await MLCycleStore.OpenAsync(temp.Path);
        var writer = new PredictionLogWriter(store.Predictions, new PredictionLogWriterOptions { MaxBatchSize = 7 });

        for (var i = 0; i < 100; i++)
        {
            Assert.True(writer.TryWrite(Entry(i)));
        }
        await writer.DisposeAsync();

        var read = await store.Predictions.ReadAsync("churn", limit: 1000);
        Assert.Equal(Enumerable.Range(0, 100), read.Select(e => (int)e.Time.ToUnixTimeSeconds()));
        Assert.Equal((100L, 0L, 0L), (writer.WrittenCount, writer.DroppedCount, writer.FailedCount));
    }

    [Fact]
    public async Task TryWrite_bufferFull_returnsAtOnceAndCountsTheDrop()
    {
        var log = new GatedLog();
        var writer = new PredictionLogWriter(log, new PredictionLogWriterOptions { Capacity = 2, MaxBatchSize = 1 });

        writer.TryWrite(Entry(0));
        await log.FirstBatchStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var accepted = Enumerable.Range(1, 5).Count(i => writer.TryWrite(Entry(i)));
        log.Gate.SetResult();
        await writer.DisposeAsync();

        Assert.Equal(2, accepted);
        Assert.Equal(3, writer.DroppedCount);
        Assert.Equal(3, writer.WrittenCount);
        Assert.Equal([0, 1, 2], log.Written.Select(e => (int)e.Time.ToUnixTimeSeconds()));
    }

    [Fact]
    public async Task DisposeAsync_duringLinger_writesAtOnce()
    {
        await using var store = await MLCycleStore.OpenAsync(temp.Path);
        var writer = new PredictionLogWriter(store.Predictions, new PredictionLogWriterOptions { Linger = TimeSpan.FromMinutes(1) });
        writer.TryWrite(Entry(1));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await writer.DisposeAsync();

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Single(await store.Predictions.ReadAsync("churn"));
    }

    [Fact]
    public async Task TryWrite_afterDispose_isCountedAsDropped()
    {
        await using var store = await MLCycleStore.OpenAsync(temp.Path);
        var writer = new PredictionLogWriter(store.Predictions);
        await writer.DisposeAsync();

        Assert.False(writer.TryWrite(Entry(1)));
        Assert.Equal(1, writer.DroppedCount);
    }

    [Fact]
    public async Task DisposeAsync_databaseRefusesBatch_countsFailureAndKeepsError()
    {
        var store = await MLCycleStore.OpenAsync(temp.Path);
        await store.DisposeAsync();
        File.Delete(Path.Combine(temp.Path, MLCycleStore.DatabaseFileName));
        Directory.CreateDirectory(Path.Combine(temp.Path, MLCycleStore.DatabaseFileName));
        var writer = new PredictionLogWriter(store.Predictions);

        writer.TryWrite(Entry(1));
        await writer.DisposeAsync();

        Assert.Equal(1, writer.FailedCount);
        Assert.NotNull(writer.LastError);
    }

    private static PredictionLogEntry Entry(int second) =>
        new("churn", 1, DateTimeOffset.FromUnixTimeSeconds(second), "{}", "{}");

    /// <summary>A log whose first append waits for a gate, to hold the writer busy while the buffer fills.</summary>
    private sealed class GatedLog : IPredictionLog
    {
        public TaskCompletionSource FirstBatchStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<PredictionLogEntry> Written { get; } = [];

        public async Task AppendAsync(IReadOnlyList<PredictionLogEntry> entries, CancellationToken ct = default)
        {
            FirstBatchStarted.TrySetResult();
            await Gate.Task;
            Written.AddRange(entries);
        }

        public Task<IReadOnlyList<PredictionLogEntry>> ReadAsync(string modelName, DateTimeOffset? since = null, int limit = 1000, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<PredictionLogEntry>>(Written);
    }
}
