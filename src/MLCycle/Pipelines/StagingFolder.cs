namespace MLCycle.Pipelines;

/// <summary>A private temporary folder where a run's artifacts are written before they are moved into the artifact store.</summary>
public sealed class StagingFolder : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mlcycle-run-");

    public string PathOf(string name) => Path.Combine(_folder.FullName, name);

    public void Dispose()
    {
        if (_folder.Exists) _folder.Delete(recursive: true);
    }
}
