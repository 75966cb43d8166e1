namespace MLCycle.Data;

/// <summary>The kind of a column as MLCycle understands it, decided by schema inference or by the spec.</summary>
public enum ColumnKind
{
    Numeric,
    Categorical,
    Boolean,
    Text,
    DateTime,
}
