namespace MLCycle.Data;

/// <summary>How a table is read: the user's overrides of inferred column kinds, or everything as raw text.</summary>
public sealed record TableReadOptions
{
    /// <summary>User overrides of inferred kinds by column name, e.g. <c>{"senior_citizen": Categorical}</c>; these win over inference.</summary>
    public IReadOnlyDictionary<string, ColumnKind> Types { get; init; } = new Dictionary<string, ColumnKind>();

    /// <summary>Read every column as raw text (kind Categorical, strings exactly as in the file, empty is null); used by batch scoring.</summary>
    public bool AllText { get; init; }
}
