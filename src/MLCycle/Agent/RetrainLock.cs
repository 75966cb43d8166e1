namespace MLCycle.Agent;

/// <summary>
/// Keeps two retrainings of one model from running at once, across processes: an exclusive lock on a file in the artifact folder
/// (the operating system releases it when the process ends, so a killed agent leaves no stale lock).
/// </summary>
public sealed class RetrainLock : IDisposable
{
    private readonly FileStream _file;

    private RetrainLock(FileStream file) => _file = file;

    /// <summary>The lock of <paramref name="modelName"/> under <paramref name="root"/>, or null when another process or tick holds it.</summary>
    public static RetrainLock? TryAcquire(string root, string modelName)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(modelName);
        // Model names are letters, digits, '_', '.' and '-' (NameRules), so the name is safe as a file name.
        var folder = Directory.CreateDirectory(Path.Combine(root, ".locks"));
        try
        {
            return new RetrainLock(new FileStream(Path.Combine(folder.FullName, $"retrain-{modelName}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
