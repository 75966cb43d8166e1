using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MLCycle.Bench;

/// <summary>
/// An HTTP/1.1 client on a bare socket that writes a whole POST body whatever the server answers meanwhile (as a simple client
/// does), then reads the answer; it keeps the connection unless the server said Connection: close or cut it. It tells apart what
/// HttpClient hides: whether the body could be sent whole, and whether the answer could still be read when it could not.
/// </summary>
internal sealed class RawPost(int port) : IDisposable
{
    private Socket? socket;

    /// <summary>Connections this client opened.</summary>
    public int Connects { get; private set; }

    /// <summary>Posts <paramref name="body"/> to <paramref name="path"/>: the status (0 when no answer could be read) and whether the
    /// body's send failed (the server reset the connection before taking it all).</summary>
    public async Task<(int Status, bool SendFailed)> PostAsync(string path, byte[] body, CancellationToken ct)
    {
        if (socket is null)
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
            Connects++;
        }
        var head = Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n");
        var sendFailed = false;
        try
        {
            await socket.SendAsync(head, ct);
            await socket.SendAsync(body, ct);
        }
        catch (SocketException)
        {
            sendFailed = true;
        }
        var (status, close) = await ReadAnswerAsync(socket, ct);
        if (close || sendFailed || status == 0) Close();
        return (status, sendFailed);
    }

    /// <summary>Reads one answer's head and its Content-Length body: the status and whether the connection ends after it.</summary>
    internal static async Task<(int Status, bool Close)> ReadAnswerAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        try
        {
            int end;
            while ((end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(length), ct);
                if (read == 0) return (0, true);
                length += read;
            }
            var head = Encoding.ASCII.GetString(buffer, 0, end);
            var lines = head.Split("\r\n");
            var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
            var contentLength = 0;
            var chunked = false;
            var close = false;
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) contentLength = int.Parse(value, CultureInfo.InvariantCulture);
                if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) chunked = true;
                if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && value.Equals("close", StringComparison.OrdinalIgnoreCase)) close = true;
            }
            if (chunked) return (await ReadChunkedAsync(socket, buffer.AsMemory(end + 4, length - end - 4), ct) ? status : 0, close);
            var have = length - end - 4;
            while (have < contentLength)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(0, Math.Min(buffer.Length, contentLength - have)), ct);
                if (read == 0) return (status, true);
                have += read;
            }
            return (status, close);
        }
        catch (SocketException)
        {
            return (0, true);
        }
    }

    // Reads a chunked body to its last chunk, told by the bytes it ends with (a problem body never holds them itself).
    private static async Task<bool> ReadChunkedAsync(Socket socket, ReadOnlyMemory<byte> start, CancellationToken ct)
    {
        var tail = new List<byte>(start.ToArray());
        var buffer = new byte[16 * 1024];
        while (!tail.AsEnumerable().Reverse().Take(5).Reverse().SequenceEqual("0\r\n\r\n"u8.ToArray()))
        {
            var read = await socket.ReceiveAsync(buffer, ct);
            if (read == 0) return false;
            tail.AddRange(buffer.AsSpan(0, read));
            if (tail.Count > 1024) tail.RemoveRange(0, tail.Count - 16);
        }
        return true;
    }

    private void Close()
    {
        socket?.Dispose();
        socket = null;
    }

    public void Dispose() => Close();
}
