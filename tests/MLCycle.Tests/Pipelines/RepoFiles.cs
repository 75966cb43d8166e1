namespace MLCycle.Tests.Pipelines;

/// <summary>Finds files of the repository (and the main checkout's examples) from the test binaries' folder.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>A file under the repository root; example datasets live under examples/.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MLCycle.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("MLCycle.slnx not found above " + AppContext.BaseDirectory);
    }
}
