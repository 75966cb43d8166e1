using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Preparation;

namespace MLCycle.Evaluation.Explanations;

/// <summary>
/// Which input column each slot of the chain's "Features" vector comes from, so per-slot contributions add up per input.
/// Only a chain whose every slot has one owner has a map: numbers and dates (one and five slots each), one-hot categories
/// (named "column=value" by the encoder), and at most one hashed and one text column (their slots are shared between columns
/// otherwise); the wide-data screen, which drops slots, has none either.
/// </summary>
internal static class FeatureSlotMap
{
    /// <summary>The input index of every slot of "Features" in <paramref name="output"/> (the chain's output schema), or null.</summary>
    public static int[]? Create(DataViewSchema output, FeatureLayout layout)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.HashedCount > 1 || layout.TextCount > 1) return null;
        var slots = new List<int>();
        var inputs = layout.Inputs;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Kind is ColumnKind.Numeric or ColumnKind.Boolean) slots.Add(i);
            else if (inputs[i].Kind == ColumnKind.DateTime) slots.AddRange(Enumerable.Repeat(i, FeatureLayout.DateParts.Count));
        }
        if (layout.CategoricalCount > 0 && !AddOneHot(output, layout, slots)) return null;
        if (layout.HashedCount > 0 && !AddWhole(output, "HashedOneHot", Owner(layout, ColumnKind.Categorical, hashed: true), slots)) return null;
        if (layout.TextCount > 0 && !AddWhole(output, "TextFeatures", Owner(layout, ColumnKind.Text, hashed: false), slots)) return null;
        return SizeOf(output, PreparationChain.FeaturesColumn) == slots.Count ? [.. slots] : null;
    }

    private static int Owner(FeatureLayout layout, ColumnKind kind, bool hashed) =>
        Enumerable.Range(0, layout.Inputs.Count).First(i => layout.Inputs[i].Kind == kind && (kind != ColumnKind.Categorical || layout.IsHashed(i) == hashed));

    private static bool AddWhole(DataViewSchema output, string column, int owner, List<int> slots)
    {
        var size = SizeOf(output, column);
        if (size <= 0) return false;
        slots.AddRange(Enumerable.Repeat(owner, size));
        return true;
    }

    // The one-hot bag's slots are named by the category tokens "column=value"; the longest matching column name owns a slot,
    // since a column's name may itself contain '='.
    private static bool AddOneHot(DataViewSchema output, FeatureLayout layout, List<int> slots)
    {
        if (output.GetColumnOrNull("CategoricalOneHot") is not { } column || !column.HasSlotNames()) return false;
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        var owners = Enumerable.Range(0, layout.Inputs.Count)
            .Where(i => layout.Inputs[i].Kind == ColumnKind.Categorical && !layout.IsHashed(i))
            .OrderByDescending(i => layout.Inputs[i].Name.Length).ToArray();
        foreach (var name in names.DenseValues())
        {
            var token = name.ToString();
            var owner = owners.FirstOrDefault(i => token.StartsWith(layout.Inputs[i].Name + "=", StringComparison.Ordinal), -1);
            if (owner < 0) return false;
            slots.Add(owner);
        }
        return true;
    }

    private static int SizeOf(DataViewSchema output, string column) =>
        output.GetColumnOrNull(column)?.Type is VectorDataViewType { Size: var size } ? size : -1;
}
