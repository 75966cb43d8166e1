using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MLCycle.Preparation;

namespace MLCycle.Serving;

/// <summary>
/// The saved preparation chain of a tree or mlp package, read back from the chain itself when the package loads (ADR 0076): each
/// numeric slot lands on one feature multiplied by its scale (standard scaling; one without; zero for a column constant in
/// training), or as its imputed and scaled value when missing; each categorical token adds one to one feature, or to none. Writing
/// a row's features is then a copy and a lookup per value instead of a trip through ML.NET's engine. Built only when the chain
/// behaves so on every probe and on random rows made of what was probed, bit for bit; a row holding a token that was not probed (an
/// unseen category, or one the chain's normalisation would map) is left to ML.NET's engine.
/// </summary>
internal sealed class CompiledPreparation
{
    private const int CheckRows = 256;

    // A token no chain knows (column names hold no control characters): it adds to no feature, so other slots stay quiet in a probe.
    private const string Quiet = "\u0001";

    private readonly NumericSlot[] _numeric;
    private readonly float[] _whenMissing;
    // Tokens are the encoder's own instances (FeatureEncoder makes each known one once): found by reference first, by text after.
    private readonly Dictionary<string, int> _byInstance;
    private readonly Dictionary<string, int> _byText;

    private CompiledPreparation(NumericSlot[] numeric, float[] whenMissing, Dictionary<string, int> tokens)
    {
        _numeric = numeric;
        _whenMissing = whenMissing;
        _byInstance = new Dictionary<string, int>(tokens, SameInstance.Comparer);
        _byText = tokens;
    }

    /// <summary>
    /// Reads the chain <paramref name="prepare"/> runs (a row to its dense features, <paramref name="width"/> of them) for rows
    /// of <paramref name="encoder"/>'s layout; null when the layout has hashed or text inputs, or the chain does anything per
    /// value that is not described above (min-max scaling's offset, clipping, sentinels), or any check row differs.
    /// </summary>
    public static CompiledPreparation? TryCreate(FeatureEncoder encoder, Func<FeatureRow, float[]> prepare, int width)
    {
        var layout = encoder.Layout;
        if (layout.HashedCount > 0 || layout.TextCount > 0) return null;
        var quiet = Row(layout);
        var baseline = prepare(quiet);
        if (baseline.Length != width || baseline.Any(v => BitConverter.SingleToInt32Bits(v) != 0)) return null;

        var numeric = new NumericSlot[layout.NumericCount];
        var whenMissing = new float[layout.NumericCount];
        for (var slot = 0; slot < layout.NumericCount; slot++)
        {
            if (NumericFeature(layout, prepare, slot) is not { } found) return null;
            numeric[slot] = found;
            var missing = Probe(layout, prepare, slot, float.NaN);
            if (Changed(missing).Any(f => f != found.Feature)) return null;
            whenMissing[slot] = missing[found.Feature];
        }
        if (numeric.Select(n => n.Feature).Distinct().Count() != numeric.Length) return null;

        var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var input = 0; input < layout.Inputs.Count; input++)
        {
            if (layout.Inputs[input].Kind != Data.ColumnKind.Categorical) continue;
            foreach (var token in encoder.Tokens(input))
            {
                var row = Row(layout);
                row.Categorical[layout.Offsets[input]] = token;
                var features = prepare(row);
                var changed = Changed(features).ToList();
                if (changed.Count > 1 || (changed.Count == 1 && features[changed[0]] != 1)) return null;
                tokens[token] = changed.Count == 1 ? changed[0] : -1;
            }
        }
        var compiled = new CompiledPreparation(numeric, whenMissing, tokens);
        return compiled.Agrees(encoder, prepare, width) ? compiled : null;
    }

    /// <summary>Writes <paramref name="row"/>'s features into <paramref name="dense"/>; false (the span's content undefined) when it
    /// holds a token this preparation was not shown.</summary>
    public bool TryWrite(FeatureRow row, Span<float> dense)
    {
        dense.Clear();
        var numeric = row.Numeric;
        for (var slot = 0; slot < _numeric.Length; slot++)
        {
            var value = numeric[slot];
            dense[_numeric[slot].Feature] = float.IsNaN(value) ? _whenMissing[slot] : _numeric[slot].Write(value);
        }
        foreach (var token in row.Categorical)
        {
            if (token is null || !(_byInstance.TryGetValue(token, out var feature) || _byText.TryGetValue(token, out feature))) return false;
            // A bag: the chain counts a token once per slot that holds it.
            if (feature >= 0) dense[feature] += 1;
        }
        return true;
    }

    // Where a numeric slot lands and how: standard scaling multiplies it by one float per slot (no scaling by one; a column that was
    // constant in training by zero) and writes a zero as +0 whatever its sign (without scaling a -0 stays -0). Checked on values
    // inside and far outside any training range; null when the chain does anything else.
    private static NumericSlot? NumericFeature(FeatureLayout layout, Func<FeatureRow, float[]> prepare, int slot)
    {
        var unit = Probe(layout, prepare, slot, 1f);
        var moved = Changed(unit).ToList();
        int feature;
        float scale;
        if (moved.Count == 1) (feature, scale) = (moved[0], unit[moved[0]]);
        else if (moved.Count == 0)
        {
            // Scaled by zero, only an infinity shows where the slot lands: infinity times zero is NaN.
            var infinite = Probe(layout, prepare, slot, float.PositiveInfinity);
            var nan = Changed(infinite).ToList();
            if (nan.Count != 1 || !float.IsNaN(infinite[nan[0]])) return null;
            (feature, scale) = (nan[0], 0f);
        }
        else return null;
        var negativeZero = Probe(layout, prepare, slot, -0f);
        if (Changed(negativeZero).Any(f => f != feature)) return null;
        var found = new NumericSlot(feature, scale, PositiveZero: Same(negativeZero[feature], 0f));
        foreach (var value in new[] { 1234.5f, -7.25e6f, 3.0e38f, -1e-30f, 0.1f, -1e-45f, float.NegativeInfinity })
        {
            var features = Probe(layout, prepare, slot, value);
            if (Changed(features).Any(f => f != feature) || !Same(features[feature], found.Write(value))) return null;
        }
        return found;
    }

    private static float[] Probe(FeatureLayout layout, Func<FeatureRow, float[]> prepare, int slot, float value)
    {
        var row = Row(layout);
        row.Numeric[slot] = value;
        return prepare(row);
    }

    private static bool Same(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    // Random rows made of probed values (each slot's own tokens, numbers on and off, missing), scored both ways.
    private bool Agrees(FeatureEncoder encoder, Func<FeatureRow, float[]> prepare, int width)
    {
        var layout = encoder.Layout;
        var random = new Random(20261207);
        var categorical = Enumerable.Range(0, layout.Inputs.Count)
            .Where(i => layout.Inputs[i].Kind == Data.ColumnKind.Categorical)
            .Select(i => (Offset: layout.Offsets[i], Tokens: encoder.Tokens(i).ToArray()))
            .ToArray();
        var dense = new float[width];
        for (var r = 0; r < CheckRows; r++)
        {
            var row = layout.CreateRow();
            for (var slot = 0; slot < row.Numeric.Length; slot++)
            {
                row.Numeric[slot] = random.Next(8) switch
                {
                    0 => float.NaN,
                    1 => 0,
                    2 => float.PositiveInfinity,
                    3 => -0f,
                    4 => -float.Epsilon,
                    _ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 8))),
                };
            }
            foreach (var (offset, tokens) in categorical) row.Categorical[offset] = tokens[random.Next(tokens.Length)];
            var expected = prepare(row);
            if (!TryWrite(row, dense) || !MemoryMarshal.Cast<float, int>(expected).SequenceEqual(MemoryMarshal.Cast<float, int>(dense))) return false;
        }
        return true;
    }

    private static FeatureRow Row(FeatureLayout layout)
    {
        var row = layout.CreateRow();
        Array.Fill(row.Categorical, Quiet);
        return row;
    }

    // The features a probe moved off zero (the quiet row's features are all zero).
    private static IEnumerable<int> Changed(float[] features)
    {
        for (var f = 0; f < features.Length; f++) if (BitConverter.SingleToInt32Bits(features[f]) != 0) yield return f;
    }

    /// <summary>A numeric slot's feature, the factor it is multiplied by, and whether a zero is written as +0.</summary>
    private readonly record struct NumericSlot(int Feature, float Scale, bool PositiveZero)
    {
        public float Write(float value)
        {
            var scaled = value * Scale;
            return PositiveZero && scaled == 0 ? 0f : scaled;
        }
    }

    private sealed class SameInstance : IEqualityComparer<string>
    {
        public static readonly SameInstance Comparer = new();

        public bool Equals(string? x, string? y) => ReferenceEquals(x, y);

        public int GetHashCode(string obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
