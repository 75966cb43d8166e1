using MLCycle.Profiling;

namespace MLCycle.Profiling.Drift;

/// <summary>
/// Current counts of one categorical column, one per reference category plus other/unseen and missing. A category the
/// reference does not list can only land in other/unseen, so memory is fixed by the reference, however many distinct
/// values the current data holds.
/// </summary>
internal sealed class CategorySketch
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spans;
    private readonly long[] _counts;

    public CategorySketch(IReadOnlyList<ValueCount> referenceCounts)
    {
        foreach (var vc in referenceCounts) _index.TryAdd(vc.Value, _index.Count);
        _spans = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        _counts = new long[_index.Count + 2];
    }

    /// <summary>Counts per reference category, then other/unseen, then missing.</summary>
    public long[] Counts => _counts;

    /// <summary>Counts one value; null is missing.</summary>
    public void Add(string? value) =>
        _counts[value is null ? _counts.Length - 1 : _index.TryGetValue(value, out var i) ? i : _counts.Length - 2]++;

    /// <summary>Counts one present value as a scan hands it over, without making a string of it.</summary>
    public void Add(ReadOnlySpan<char> value) => _counts[_spans.TryGetValue(value, out var i) ? i : _counts.Length - 2]++;

    public void Merge(CategorySketch other)
    {
        for (var i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
    }
}
