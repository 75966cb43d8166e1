using MLCycle.Data;

namespace MLCycle.Tests.Data;

/// <summary>Runs alone: it points the process's temp folder (TMPDIR) at a fresh folder, which other tests would otherwise see.</summary>
[CollectionDefinition(nameof(DuckDbSessionSpillTests), DisableParallelization = true)]
public sealed class DuckDbSessionSpillCollection;

[Collection(nameof(DuckDbSessionSpillTests))]
public sealed class DuckDbSessionSpillTests
{
    [Fact]
    public void Open_freshTempFolder_spillsATableBiggerThanTheMemoryLimit()
    {
        using var temp = new TempFolder();
        var before = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", temp.FullPath);
        try
        {
            using var session = DuckDbSession.Open("64MB");
            // About 120 MB of rows under a 64 MB limit: DuckDB must write them to its spill folder under the fresh temp folder.
            session.Execute("CREATE TEMP TABLE t AS SELECT i, 'row number ' || i::VARCHAR AS s FROM range(4000000) r(i)");
            using var reader = session.Query("SELECT count(*), max(i) FROM t");
            reader.Read();

            Assert.Equal((4_000_000L, 3_999_999L), (reader.GetInt64(0), reader.GetInt64(1)));
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(temp.FullPath, "mlcycle-duckdb"), "*", SearchOption.AllDirectories));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", before);
        }
    }
}
