namespace MLCycle.Data;

/// <summary>
/// Loads DuckDB and opens a database on another thread while a process is still starting, so that the first read finds
/// them ready instead of waiting a few tenths of a second for them (docs/adr/0047). Disposing it closes a database that
/// no read took, after it finished opening, so a process never exits with a thread inside DuckDB.
/// </summary>
public sealed class DuckDbWarmUp : IDisposable
{
    private DuckDbWarmUp() => DuckDbSession.OpenAhead();

    /// <summary>Starts loading; the next DuckDB session of this process takes the database opened.</summary>
    public static DuckDbWarmUp Start() => new();

    public void Dispose() => DuckDbSession.CloseAhead();
}
