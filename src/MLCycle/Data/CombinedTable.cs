namespace MLCycle.Data;

/// <summary>Several sources combined into one table, with every coercion that combining them needed.</summary>
public sealed record CombinedTable(Table Table, IReadOnlyList<SourceCoercion> Coercions);
