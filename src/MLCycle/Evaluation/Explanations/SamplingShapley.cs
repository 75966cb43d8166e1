using MLCycle.Data;
using MLCycle.Preparation;

namespace MLCycle.Evaluation.Explanations;

/// <summary>
/// Permutation-sampling Shapley values over input columns, through any model's own scoring: for each background row, in a
/// seeded random order of the inputs, the row's values replace the background's one column at a time and each column is
/// credited with the change in score. Every walk ends at the row's score, so base (the mean background score) plus the
/// contributions equals the row's score exactly; the split between columns is an estimate from <see cref="Samples"/> walks.
/// </summary>
public sealed class SamplingShapley
{
    private readonly FeatureLayout _layout;
    private readonly IReadOnlyList<FeatureRow> _background;
    private readonly int _seed;

    /// <summary>Walks from each of <paramref name="background"/>'s rows, in orders drawn from <paramref name="seed"/>.</summary>
    public SamplingShapley(FeatureLayout layout, IReadOnlyList<FeatureRow> background, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(background);
        if (background.Count == 0) throw new ArgumentException("a background of at least one row is needed", nameof(background));
        _layout = layout;
        _background = background;
        _seed = seed;
    }

    /// <summary>The number of permutations (one per background row).</summary>
    public int Samples => _background.Count;

    /// <summary>
    /// Explains <paramref name="row"/>; <paramref name="score"/> scores a batch of rows on one scale (it is called once).
    /// </summary>
    public Explanation Explain(FeatureRow row, Func<IReadOnlyList<FeatureRow>, double[]> score, string scale)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(score);
        var n = _layout.Inputs.Count;
        var random = new Random(_seed);
        var orders = new int[_background.Count][];
        // Batch: the row, then per background row the background itself and the n - 1 mixed rows before the row is reached.
        var batch = new List<FeatureRow>(1 + _background.Count * n) { row };
        for (var b = 0; b < _background.Count; b++)
        {
            var order = Enumerable.Range(0, n).ToArray();
            random.Shuffle(order);
            orders[b] = order;
            var current = _background[b].CopyInputs();
            batch.Add(current);
            for (var k = 0; k < n - 1; k++)
            {
                current = current.CopyInputs();
                CopyInput(row, current, order[k]);
                batch.Add(current);
            }
        }
        var scores = score(batch);
        var contributions = new double[n];
        var baseValue = 0.0;
        for (var b = 0; b < _background.Count; b++)
        {
            var first = 1 + b * n;
            baseValue += scores[first];
            for (var k = 0; k < n; k++)
            {
                var after = k == n - 1 ? scores[0] : scores[first + k + 1];
                contributions[orders[b][k]] += after - scores[first + k];
            }
        }
        for (var i = 0; i < n; i++) contributions[i] /= _background.Count;
        return new Explanation(baseValue / _background.Count, scale, "sampling", _background.Count, contributions);
    }

    private void CopyInput(FeatureRow from, FeatureRow to, int input)
    {
        var offset = _layout.Offsets[input];
        switch (_layout.Inputs[input].Kind)
        {
            case ColumnKind.DateTime:
                Array.Copy(from.Numeric, offset, to.Numeric, offset, FeatureLayout.DateParts.Count);
                break;
            case ColumnKind.Numeric or ColumnKind.Boolean:
                to.Numeric[offset] = from.Numeric[offset];
                break;
            case ColumnKind.Categorical when _layout.IsHashed(input):
                to.Hashed[offset] = from.Hashed[offset];
                break;
            case ColumnKind.Categorical:
                to.Categorical[offset] = from.Categorical[offset];
                break;
            default:
                to.Text[offset] = from.Text[offset];
                break;
        }
    }
}
