using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MLCycle.Bench;

/// <summary>
/// Every request's time inside the overload benchmark's child server, from ASP.NET Core's own hosting events: from the request's
/// headers reaching the host until its answer's headers are sent (what the clients' "wait" ends on), and until the request is done
/// (the answer written and the response-completion callbacks run, which build the prediction log's rows). Written to a file, one
/// line per request every second: Unix start in ms, ms to the answer's headers, ms to its last byte written, ms to done,
/// Content-Length, status.
/// </summary>
public sealed class ServerSideTiming : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    /// <summary>The environment variable naming the file the child server writes its times to.</summary>
    public const string FileVariable = "MLCYCLE_BENCH_SERVER_TIMES";

    private const string Start = "Microsoft.AspNetCore.Hosting.HttpRequestIn.Start";
    private const string Stop = "Microsoft.AspNetCore.Hosting.HttpRequestIn.Stop";

    private readonly ConcurrentQueue<string> lines = new();

    /// <summary>Times every request of this process into <paramref name="path"/> until the process ends.</summary>
    public static void StartWriting(string path)
    {
        var timing = new ServerSideTiming();
        DiagnosticListener.AllListeners.Subscribe(timing);
        var writer = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(1000);
                var text = new StringBuilder();
                while (timing.lines.TryDequeue(out var line)) text.Append(line).Append('\n');
                File.AppendAllText(path, text.ToString());
            }
        }) { IsBackground = true, Name = "server-times" };
        writer.Start();
    }

    /// <summary>The requests in <paramref name="path"/> started in [<paramref name="from"/>, <paramref name="to"/>) (Unix ms) and
    /// answered 200.</summary>
    public static IEnumerable<Entry> Read(string path, long from, long to)
    {
        if (!File.Exists(path)) yield break;
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ');
            if (parts.Length != 7 || parts[5] != "200") continue;
            var start = long.Parse(parts[0], CultureInfo.InvariantCulture);
            if (start < from || start >= to) continue;
            yield return new Entry(double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture),
                double.Parse(parts[3], CultureInfo.InvariantCulture), long.Parse(parts[4], CultureInfo.InvariantCulture), double.Parse(parts[6], CultureInfo.InvariantCulture));
        }
    }

    public void OnNext(DiagnosticListener listener)
    {
        // The activity's own name must be enabled for the host to raise its start and stop events.
        if (listener.Name == "Microsoft.AspNetCore") listener.Subscribe(this, name => name.StartsWith("Microsoft.AspNetCore.Hosting.HttpRequestIn", StringComparison.Ordinal));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Value is not HttpContext context) return;
        if (e.Key == Start)
        {
            var times = new Times(context, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Stopwatch.GetTimestamp());
            context.Items[typeof(ServerSideTiming)] = times;
            // The moment the route has read the body's last byte: what comes before it is the body arriving (and the clients
            // sending it), what comes after it the server's own work on the request.
            context.Request.Body = new BodyEnd(context.Request.Body, times);
            context.Response.OnStarting(static state =>
            {
                var t = (Times)state;
                t.Headers = Stopwatch.GetElapsedTime(t.Started).TotalMilliseconds;
                // Registered after the route's own completion callbacks, so it runs first of them (they run in reverse order): the
                // moment the answer's last byte has been handed to the connection.
                t.Context.Response.OnCompleted(static state =>
                {
                    var t = (Times)state;
                    t.Written = Stopwatch.GetElapsedTime(t.Started).TotalMilliseconds;
                    return Task.CompletedTask;
                }, t);
                return Task.CompletedTask;
            }, times);
        }
        else if (e.Key == Stop && context.Items[typeof(ServerSideTiming)] is Times t)
        {
            var done = Stopwatch.GetElapsedTime(t.Started).TotalMilliseconds;
            lines.Enqueue(string.Create(CultureInfo.InvariantCulture,
                $"{t.Unix} {t.Headers:0.000} {t.Written:0.000} {done:0.000} {context.Request.ContentLength ?? -1} {context.Response.StatusCode} {t.BodyIn:0.000}"));
        }
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    /// <summary>One request's times (ms from its headers' arrival), its Content-Length (-1 when it had none) and when its body's last
    /// byte was read (NaN when it was not read to the end).</summary>
    public readonly record struct Entry(double Headers, double Written, double Done, long ContentLength, double BodyIn);

    private sealed class Times(HttpContext context, long unix, long started)
    {
        public HttpContext Context { get; } = context;
        public long Unix { get; } = unix;
        public long Started { get; } = started;
        public double Headers { get; set; } = double.NaN;
        public double Written { get; set; } = double.NaN;
        public double BodyIn { get; set; } = double.NaN;
    }

    // The request body as the host gives it, noting when a read first finds its end.
    private sealed class BodyEnd(Stream inner, Times times) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Seen(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Seen(inner.Read(buffer));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Seen(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Seen(await inner.ReadAsync(buffer, cancellationToken));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Seen(int read)
        {
            if (read == 0 && double.IsNaN(times.BodyIn)) times.BodyIn = Stopwatch.GetElapsedTime(times.Started).TotalMilliseconds;
            return read;
        }
    }
}
