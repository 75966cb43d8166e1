namespace MLCycle.Tests.Pipelines;

/// <summary>A fresh folder under the system temp directory, deleted on dispose.</summary>
public sealed class SpecTempFolder : IDisposable
{
    public SpecTempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlcycle-spec-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
