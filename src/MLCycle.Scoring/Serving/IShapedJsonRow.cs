using System.Text.Json;

namespace MLCycle.Serving;

/// <summary>A JSON row that shares its column names, in one order, with other rows of the same call (as the rows of one request
/// usually do): a reader finds each column's position once per <see cref="Names"/> and reads values by position, instead of looking
/// every name up in every row.</summary>
public interface IShapedJsonRow : IReadOnlyDictionary<string, JsonElement>
{
    /// <summary>The row's names in order, distinct; the same instance for every row that shares them.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The value of the name at <paramref name="position"/> in <see cref="Names"/>.</summary>
    JsonElement ValueAt(int position);
}
