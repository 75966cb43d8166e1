namespace MLCycle.Tests.Evaluation;

/// <summary>Finds files of the repository by walking up from the test binaries to the folder holding MLCycle.slnx.</summary>
internal static class RepoRoot
{
    public static string File(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "MLCycle.slnx"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException($"MLCycle.slnx not found above {AppContext.BaseDirectory}.");
        return Path.Combine([dir.FullName, .. parts]);
    }
}
