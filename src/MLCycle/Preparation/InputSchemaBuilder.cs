using MLCycle.Data;
using MLCycle.Preparation.Treatments;

namespace MLCycle.Preparation;

/// <summary>Describes a model's inputs from its training data: every column but the target, in table order.</summary>
public static class InputSchemaBuilder
{
    /// <summary>
    /// Categorical columns keep their sorted training categories when they have at most
    /// <see cref="PreparationOptions.HashingThreshold"/> of them (one-hot encoded); above it Categories is null (hashed).
    /// With <paramref name="treatments"/>, the levels counted are the treated ones (normalised, sentinels out, rare merged),
    /// while Categories still lists the values as callers send them.
    /// </summary>
    public static IReadOnlyList<InputColumn> Build(Table train, string target, PreparationOptions options, FittedTreatments? treatments = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        var inputs = new List<InputColumn>();
        foreach (var column in train.Columns)
        {
            if (column.Name == target) continue;
            var allowsMissing = Enumerable.Range(0, column.Length).Any(column.IsMissing);
            IReadOnlyList<string>? categories = null;
            if (column.Kind == ColumnKind.Categorical)
            {
                var distinct = column.Strings!.Where(s => s is not null).Select(s => s!).Distinct(StringComparer.Ordinal).ToList();
                var levels = treatments is null ? distinct.Count
                    : distinct.Select(v => treatments.Level(column.Name, v)).Where(l => l is not null).Distinct(StringComparer.Ordinal).Count();
                if (levels <= options.HashingThreshold) categories = distinct.Order(StringComparer.Ordinal).ToList();
            }
            inputs.Add(new InputColumn(column.Name, column.Kind, allowsMissing, categories));
        }
        return inputs;
    }
}
