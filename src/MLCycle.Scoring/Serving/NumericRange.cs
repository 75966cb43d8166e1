using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Registry;

namespace MLCycle.Serving;

/// <summary>The smallest and largest value training saw in a number column; serving warns outside it.</summary>
internal sealed record NumericRange(double Min, double Max)
{
    public bool Contains(double value) => double.IsNaN(value) || (value >= Min && value <= Max);

    /// <summary>The range the training profile holds for a numeric input, or null (other kinds, or a profile without it).</summary>
    public static NumericRange? Trained(DatasetProfile? reference, InputColumn input) =>
        input.Kind == ColumnKind.Numeric && reference?.Find(input.Name)?.Numeric is { } stats && double.IsFinite(stats.Min) && double.IsFinite(stats.Max)
            ? new NumericRange(stats.Min, stats.Max)
            : null;
}
