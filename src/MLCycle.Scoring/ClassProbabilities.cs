using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace MLCycle;

/// <summary>
/// A prediction's class probabilities, in the model's class order: one array of values over the class names every prediction of the
/// model shares. Each scored row used to carry a <see cref="Dictionary{TKey,TValue}"/> of its own (about 180 bytes and two string
/// hashes for a binary model), the largest part of what a 10,000-row request allocated in scoring and kept alive until its answer
/// was written.
/// </summary>
public sealed class ClassProbabilities : IReadOnlyDictionary<string, double>
{
    // Past this many classes a lookup goes through one index per class list, shared by every row, instead of a scan.
    private const int ScanLimit = 8;
    private static readonly ConditionalWeakTable<IReadOnlyList<string>, Dictionary<string, int>> Indexes = new();

    private readonly IReadOnlyList<string> classes;
    // Null for a binary model's row, whose two probabilities are 1 - positive and positive: no array per row (ADR 0072).
    private readonly double[]? values;
    private readonly double positive;

    /// <param name="classes">The class names, distinct, shared by every prediction of the model.</param>
    /// <param name="values">One probability per class, in <paramref name="classes"/>' order; kept, not copied.</param>
    public ClassProbabilities(IReadOnlyList<string> classes, double[] values)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(values);
        if (classes.Count != values.Length)
            throw new ArgumentException($"{values.Length} probabilities were given for {classes.Count} classes.", nameof(values));
        this.classes = classes;
        this.values = values;
    }

    private ClassProbabilities(IReadOnlyList<string> classes, double positive)
    {
        this.classes = classes;
        this.positive = positive;
    }

    /// <summary>A binary model's probabilities: 1 - <paramref name="positive"/> for the first of the two classes, <paramref name="positive"/>
    /// for the second, held without an array (a 10,000-row request kept 10,000 of them alive until its answer was written).</summary>
    public static ClassProbabilities Binary(IReadOnlyList<string> classes, double positive)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count != 2) throw new ArgumentException($"A binary model has two classes; {classes.Count} were given.", nameof(classes));
        return new ClassProbabilities(classes, positive);
    }

    public int Count => values?.Length ?? 2;

    /// <summary>The class names in the model's order, the one list every prediction of the model shares (a writer may key what it
    /// derives from the names, such as their encoded JSON, on this list).</summary>
    public IReadOnlyList<string> ClassNames => classes;

    /// <summary>The probability of the class at <paramref name="index"/> in <see cref="ClassNames"/>: read by position, without the
    /// enumerator a dictionary walk allocates.</summary>
    public double ValueAt(int index) => values is { } all ? all[index] : index switch
    {
        0 => 1 - positive,
        1 => positive,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "A binary model has two classes."),
    };

    public double this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No class '{key}' among {string.Join(", ", classes)}.");

    public IEnumerable<string> Keys => classes;

    public IEnumerable<double> Values => values ?? [1 - positive, positive];

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? ValueAt(index) : 0;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return new KeyValuePair<string, double>(classes[i], ValueAt(i));
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (classes.Count <= ScanLimit)
        {
            for (var i = 0; i < classes.Count; i++)
            {
                if (string.Equals(classes[i], key, StringComparison.Ordinal)) return i;
            }
            return -1;
        }
        var index = Indexes.GetValue(classes, static list =>
        {
            var map = new Dictionary<string, int>(list.Count, StringComparer.Ordinal);
            for (var i = 0; i < list.Count; i++) map.TryAdd(list[i], i);
            return map;
        });
        return index.TryGetValue(key, out var found) ? found : -1;
    }
}
