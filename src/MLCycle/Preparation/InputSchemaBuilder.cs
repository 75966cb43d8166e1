using MLCycle.Data;
using MLCycle.Registry;

namespace MLCycle.Preparation;

/// <summary>Describes a model's inputs from its training data: every column but the target, in table order.</summary>
public static class InputSchemaBuilder
{
    /// <summary>
    /// Categorical columns keep their sorted training categories when they have at most
    /// <see cref="PreparationOptions.HashingThreshold"/> of them (one-hot encoded); above it Categories is null (hashed).
    /// </summary>
    public static IReadOnlyList<InputColumn> Build(Table train, string target, PreparationOptions options)
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
                if (distinct.Count <= options.HashingThreshold) categories = distinct.Order(StringComparer.Ordinal).ToList();
            }
            inputs.Add(new InputColumn(column.Name, column.Kind, allowsMissing, categories));
        }
        return inputs;
    }
}
