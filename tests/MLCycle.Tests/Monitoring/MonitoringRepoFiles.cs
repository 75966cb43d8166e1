namespace MLCycle.Tests.Monitoring;

/// <summary>Finds files relative to the repository root (the folder holding MLCycle.slnx).</summary>
internal static class MonitoringRepoFiles
{
    public static string Path(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "MLCycle.slnx"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("MLCycle.slnx not found above " + AppContext.BaseDirectory);
        return System.IO.Path.Combine(dir.FullName, relative);
    }
}
