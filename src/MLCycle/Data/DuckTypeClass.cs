namespace MLCycle.Data;

/// <summary>The families of DuckDB types that schema inference tells apart.</summary>
internal enum DuckTypeClass
{
    Number,
    Boolean,
    DateTime,
    Text,
    Other,
}
