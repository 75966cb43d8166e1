using System.Runtime.InteropServices;

namespace MLCycle.Data.Snapshots;

/// <summary>
/// A FIFO in the temp folder that DuckDB opens like a file while a writer thread fills it from memory or from the
/// source file, so DuckDB parses bytes that .NET has read (and hashed) once. Unix only.
/// </summary>
internal sealed class NamedPipe : IDisposable
{
    private Task<long>? _writer;

    private NamedPipe(string path) => Path = path;

    public string Path { get; }

    /// <summary>A new FIFO, or null where the system has none (Windows) or will not make one.</summary>
    public static NamedPipe? TryCreate()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD()) return null;
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlcycle-pipe-" + Guid.NewGuid().ToString("N") + ".csv");
        return MakeFifo(path, 384 /* 0600 */) == 0 ? new NamedPipe(path) : null;
    }

    /// <summary>
    /// Starts the writer: it waits for the reader to open the pipe, then calls <paramref name="write"/> and closes it,
    /// which the reader sees as the end of the file. The task's result is the bytes written.
    /// </summary>
    public void Serve(Func<Stream, long> write)
    {
        _writer = Task.Factory.StartNew(() =>
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
            return write(stream);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Waits for the writer after the reader's statement ended; a writer still waiting for a reader that never came
    /// (the statement failed first) is released. Null when the writer did not finish (the reader stopped early).
    /// </summary>
    public async Task<long?> FinishAsync()
    {
        if (_writer is null) return null;
        Release();
        try
        {
            return await _writer.ConfigureAwait(false);
        }
        catch (IOException)
        {
            return null;   // a broken pipe: the reader closed before the end
        }
    }

    public void Dispose()
    {
        Release();
        File.Delete(Path);
    }

    // Opening the pipe lets a writer blocked in open() go on; with no reader left its next write fails and it ends.
    // Read-write, because a read-only open would itself wait for a writer that may have finished already. Repeated
    // while the writer runs, in case its thread had not reached open() yet.
    private void Release()
    {
        for (var attempt = 0; _writer is { IsCompleted: false } && attempt < 1000; attempt++)
        {
            try
            {
                using var release = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 1);
            }
            catch (IOException)
            {
                return;   // the pipe is already gone
            }
            // The handle waits without observing the writer's exception; FinishAsync reports that.
            ((IAsyncResult)_writer).AsyncWaitHandle.WaitOne(TimeSpan.FromMilliseconds(10));
        }
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
