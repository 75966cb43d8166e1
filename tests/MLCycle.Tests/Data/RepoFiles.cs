namespace MLCycle.Tests.Data;

/// <summary>Finds files in the repository by walking up from the test binaries to the folder holding MLCycle.slnx.</summary>
internal static class RepoFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MLCycle.slnx"))) return dir.FullName;
        throw new InvalidOperationException("MLCycle.slnx not found above " + AppContext.BaseDirectory);
    });

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    /// <summary>A dataset from examples/ (which lives in the main checkout as well as in each worktree).</summary>
    public static string Example(string folder, string file) => Path("examples", folder, file);
}
