using System.Buffers;
using System.Text.Json;

namespace MLCycle.Server.Apis;

/// <summary>A growable list of JSON values in an array rented from the shared pool and given back on <see cref="Dispose"/>: a 10,000-row
/// tensor's values are 160 KB, which a <see cref="List{T}"/> put on the large object heap (collected only with generation 2) once per
/// tensor of every request.</summary>
internal sealed class PooledElements : IDisposable
{
    private JsonElement[] items;

    public PooledElements(int capacity) => items = ArrayPool<JsonElement>.Shared.Rent(Math.Max(capacity, 16));

    public int Count { get; private set; }

    public JsonElement this[int index] => index < Count ? items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(JsonElement value)
    {
        if (Count == items.Length) Grow();
        items[Count++] = value;
    }

    /// <summary>Copies the values to <paramref name="target"/> from <paramref name="offset"/> on.</summary>
    public void CopyTo(JsonElement[] target, int offset) => items.AsSpan(0, Count).CopyTo(target.AsSpan(offset));

    public void Dispose()
    {
        if (items.Length == 0) return;
        Release(items, Count);
        items = [];
        Count = 0;
    }

    private void Grow()
    {
        var larger = ArrayPool<JsonElement>.Shared.Rent(checked(items.Length * 2));
        items.AsSpan(0, Count).CopyTo(larger);
        Release(items, Count);
        items = larger;
    }

    // Cleared first: the values hold the request's document, which the pool must not keep reachable.
    private static void Release(JsonElement[] array, int count)
    {
        array.AsSpan(0, count).Clear();
        ArrayPool<JsonElement>.Shared.Return(array);
    }
}
