using System.Globalization;
using MLCycle.Tracking;

namespace MLCycle.Storage;

/// <summary>A private temporary folder where a run's artifacts are written before they are moved into the artifact store.
/// Its name carries the owner process (mlcycle-run-PID-STARTED-RANDOM), so a folder left by a killed run can be found and removed.</summary>
public sealed class StagingFolder : IDisposable
{
    private const string Prefix = "mlcycle-run-";

    private readonly DirectoryInfo _folder =
        Directory.CreateTempSubdirectory($"{Prefix}{RunOwner.Current.ProcessId}-{RunOwner.Current.StartedAt}-");

    public string PathOf(string name) => Path.Combine(_folder.FullName, name);

    public void Dispose()
    {
        if (_folder.Exists) _folder.Delete(recursive: true);
    }

    /// <summary>Removes the staging folders in the temp folder whose owner process is gone, and returns how many.</summary>
    public static int RemoveAbandoned()
    {
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var parts = Path.GetFileName(folder)[Prefix.Length..].Split('-');
            // Folders named before owners were recorded (no pid, no start time) cannot be tied to a process and are left alone.
            if (parts.Length < 3 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)
                || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var started)) continue;
            if (!new RunOwner(pid, RunOwner.Current.Host, started).IsGoneFromThisHost()) continue;
            try
            {
                Directory.Delete(folder, recursive: true);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's folder, or one being removed by another process: it is not ours to insist on.
            }
        }
        return removed;
    }
}
