using MLCycle.Data;

namespace MLCycle.Tests.Data;

/// <summary>A fresh folder under the system temp folder, deleted when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        FullPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlcycle-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FullPath);
    }

    public string FullPath { get; }

    public string Path(string name) => System.IO.Path.Combine(FullPath, name);

    public string Write(string name, string content)
    {
        var path = Path(name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Writes a Parquet file from a DuckDB SELECT, so tests have real Parquet input.</summary>
    public string WriteParquet(string name, string select)
    {
        var path = Path(name);
        using var session = DuckDbSession.Open();
        session.Execute($"COPY ({select}) TO {SqlText.Literal(path)} (FORMAT parquet)");
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(FullPath, recursive: true); }
        catch (IOException) { }
    }
}
