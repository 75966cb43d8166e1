using System.Buffers;
using System.Text.Json;
using MLCycle.Server.Admission;

namespace MLCycle.Server.Apis;

/// <summary>
/// A large v1 body parsed as two documents at once, one on each of two cores (ADR 0080): the body with the second half of its rows
/// cut out, and those rows as an array of their own. Parsing 1.3 MB was the longest step of a 10,000-row request that used one
/// core. Only a body the admission skim read without a fault is cut, where the skim saw a row begin; when either half does not
/// parse, the caller parses the body whole, so every fault is reported as before.
/// </summary>
internal sealed class SplitRows : IDisposable
{
    // JsonDocument's default nesting limit.
    private const int MaxDepth = 64;

    // The bytes both documents were parsed over; null once given back, so a second Dispose gives nothing back twice.
    private byte[]? buffer;

    private SplitRows(JsonDocument first, JsonDocument second, byte[] buffer)
    {
        First = first;
        Second = second;
        this.buffer = buffer;
    }

    /// <summary>The body with the rows of the second half left out of its rows' array.</summary>
    public JsonDocument First { get; }

    /// <summary>The second half's rows, as an array.</summary>
    public JsonDocument Second { get; }

    /// <summary>The two documents, or null when the body cannot be cut at <paramref name="split"/> or a half does not parse.</summary>
    public static SplitRows? TryParse(ReadOnlySpan<byte> body, RowSplit split)
    {
        if (split.RowsEnd >= body.Length || body[split.RowsEnd] != (byte)']' || split.SecondStart >= split.RowsEnd) return null;
        if (FirstEnd(body, split.SecondStart) is not { } firstEnd) return null;
        var tail = body[split.RowsEnd..];
        var firstLength = firstEnd + tail.Length;
        var secondRows = body[split.SecondStart..(split.RowsEnd + 1)];
        var secondLength = 1 + secondRows.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(firstLength + secondLength);
        body[..firstEnd].CopyTo(buffer);
        tail.CopyTo(buffer.AsSpan(firstEnd));
        buffer[firstLength] = (byte)'[';
        secondRows.CopyTo(buffer.AsSpan(firstLength + 1));
        JsonDocument? first = null, second = null;
        try
        {
            Parallel.Invoke(
                () => first = Parse(buffer.AsMemory(0, firstLength), 0),
                // The second half's rows sit one array less deep than in the body, so it may nest one level less (the skim has
                // already refused a body nested too deep; this keeps the halves from accepting more than the body would).
                () => second = Parse(buffer.AsMemory(firstLength, secondLength), MaxDepth - 1));
            if (first is not null && second is not null) return new SplitRows(first, second, buffer);
        }
        catch
        {
            // A fault JSON does not explain (memory): nothing is kept, and the caller's request fails as it would have.
            Release(first, second, buffer);
            throw;
        }
        Release(first, second, buffer);
        return null;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref buffer, null) is { } bytes) Release(First, Second, bytes);
    }

    // The documents first: they read the bytes until disposed.
    private static void Release(JsonDocument? first, JsonDocument? second, byte[] bytes)
    {
        first?.Dispose();
        second?.Dispose();
        ArrayPool<byte>.Shared.Return(bytes);
    }

    // Where the first half ends: before the whitespace, the one comma and the whitespace that come before the second half's first
    // row; null when anything else does.
    private static int? FirstEnd(ReadOnlySpan<byte> body, int secondStart)
    {
        var at = secondStart - 1;
        while (at >= 0 && IsWhitespace(body[at])) at--;
        if (at < 0 || body[at] != (byte)',') return null;
        at--;
        while (at >= 0 && IsWhitespace(body[at])) at--;
        return at < 0 ? null : at + 1;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static JsonDocument? Parse(ReadOnlyMemory<byte> json, int maxDepth)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = maxDepth });
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
