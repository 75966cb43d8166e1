using MLCycle.Storage;

namespace MLCycle.Cli;

/// <summary>Opens the store for verbs that read it, refusing to create an empty one by accident.</summary>
public static class StoreOpener
{
    public static Task<MLCycleStore> OpenExistingAsync(string directory, CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(directory, MLCycleStore.DatabaseFileName)))
            throw new MLCycleException(ErrorKind.NotFound, $"No MLCycle store at '{Path.GetFullPath(directory)}'. Run 'mlcycle run SPEC' first, or pass --store DIR.");
        return MLCycleStore.OpenAsync(directory, ct);
    }
}
