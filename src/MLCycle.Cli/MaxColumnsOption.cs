using System.CommandLine;
using MLCycle.Data;

namespace MLCycle.Cli;

/// <summary>`--max-columns N`: the widest data a verb reads; wider files are refused before their rows are read.</summary>
public static class MaxColumnsOption
{
    public static Option<int?> Create()
    {
        var option = new Option<int?>("--max-columns")
        {
            Description = $"Refuse data with more columns than this, before reading its rows (default {TableReadOptions.DefaultMaxColumns:N0}).",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 and var max)
                result.AddError($"--max-columns {max} is not a limit; expected a number of columns of 1 or more.");
        });
        return option;
    }
}
