namespace MLCycle.Cli.Tests;

/// <summary>Finds files in the repository, wherever the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Get(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MLCycle.slnx"))) return dir.FullName;
        throw new InvalidOperationException("MLCycle.slnx not found above " + AppContext.BaseDirectory);
    }
}
