using MLCycle.Tracking;

namespace MLCycle.Tracking;

/// <summary>Run artifacts (model packages, reports) in a local folder: ROOT/&lt;run id&gt;/&lt;path&gt;.
/// Every path is checked to stay inside the root, and every write lands under a temporary name first and is then renamed.</summary>
public sealed class ArtifactStore
{
    /// <summary>Opens (creating if needed) the artifact folder at <paramref name="root"/>.</summary>
    public ArtifactStore(string root)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        System.IO.Directory.CreateDirectory(Root);
    }

    /// <summary>The artifact folder's full path.</summary>
    public string Root { get; }

    /// <summary>Copies <paramref name="sourceFile"/> to the run's <paramref name="relativePath"/>, replacing an older file,
    /// and returns the artifact's path inside the store ("&lt;run id&gt;/&lt;path&gt;").</summary>
    public async Task<string> PutFileAsync(string runId, string relativePath, string sourceFile, CancellationToken ct = default)
    {
        var storePath = StorePath(runId, relativePath);
        var target = Resolve(storePath);
        if (!File.Exists(sourceFile))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"Cannot store artifact '{relativePath}': the file '{sourceFile}' does not exist.");
        }
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = TempNameBeside(target);
        try
        {
            await CopyFileAsync(sourceFile, temp, ct).ConfigureAwait(false);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
        return storePath;
    }

    /// <summary>Writes <paramref name="content"/> to the run's <paramref name="relativePath"/>, replacing an older file, and returns the
    /// bytes written; more than <paramref name="maxBytes"/> throws BadData and leaves any older file in place.</summary>
    public async Task<long> PutStreamAsync(string runId, string relativePath, Stream content, long maxBytes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = Resolve(runId, relativePath);
        if (System.IO.Directory.Exists(target))
        {
            throw new MLCycleException(ErrorKind.Conflict, $"Artifact '{ArtifactPath.Normalise(relativePath, "artifact path")}' is a folder; a file cannot replace it.");
        }
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = TempNameBeside(target);
        try
        {
            long written = 0;
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    written += read;
                    if (written > maxBytes)
                    {
                        throw new MLCycleException(ErrorKind.BadData, $"Artifact '{relativePath}' is larger than the {maxBytes} bytes accepted.");
                    }
                    await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                }
                await output.FlushAsync(ct).ConfigureAwait(false);
            }
            File.Move(temp, target, overwrite: true);
            return written;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Copies the folder <paramref name="sourceDirectory"/> to the run's <paramref name="relativePath"/> and returns its
    /// path inside the store. Folders are write-once: the target must not exist yet.</summary>
    public async Task<string> PutDirectoryAsync(string runId, string relativePath, string sourceDirectory, CancellationToken ct = default)
    {
        var storePath = StorePath(runId, relativePath);
        var target = Resolve(storePath);
        if (!System.IO.Directory.Exists(sourceDirectory))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"Cannot store artifact '{relativePath}': the folder '{sourceDirectory}' does not exist.");
        }
        if (System.IO.Directory.Exists(target) || File.Exists(target))
        {
            throw new MLCycleException(ErrorKind.Conflict, $"Artifact '{storePath}' already exists; stored folders are never overwritten.");
        }
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = TempNameBeside(target);
        try
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(sourceDirectory, "*", SearchOption.AllDirectories))
            {
                var destination = Path.Combine(temp, Path.GetRelativePath(sourceDirectory, file));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                await CopyFileAsync(file, destination, ct).ConfigureAwait(false);
            }
            System.IO.Directory.CreateDirectory(temp);
            System.IO.Directory.Move(temp, target);
        }
        finally
        {
            if (System.IO.Directory.Exists(temp))
            {
                System.IO.Directory.Delete(temp, recursive: true);
            }
        }
        return storePath;
    }

    /// <summary>The full path of a run's artifact, checked to stay inside the store (it need not exist).</summary>
    public string Resolve(string runId, string relativePath) => Resolve(StorePath(runId, relativePath));

    /// <summary>The full path of an artifact given by its path inside the store, as returned by the Put methods.</summary>
    public string Resolve(string storePath) => ArtifactPath.Combine(Root, storePath, "artifact path");

    /// <summary>Removes the run's artifact folder, with any temporary names a copy cut short left in it; returns whether there was one.</summary>
    public bool DeleteRun(string runId)
    {
        var runFolder = ArtifactPath.Combine(Root, RunSegment(runId), "run id");
        if (!System.IO.Directory.Exists(runFolder))
        {
            return false;
        }
        System.IO.Directory.Delete(runFolder, recursive: true);
        return true;
    }

    /// <summary>The run's stored files, relative to its artifact folder, in ordinal order.</summary>
    public IReadOnlyList<ArtifactInfo> List(string runId)
    {
        var runFolder = ArtifactPath.Combine(Root, RunSegment(runId), "run id");
        if (!System.IO.Directory.Exists(runFolder))
        {
            return [];
        }
        return System.IO.Directory.EnumerateFiles(runFolder, "*", SearchOption.AllDirectories)
            .Select(f => new ArtifactInfo(Path.GetRelativePath(runFolder, f).Replace(Path.DirectorySeparatorChar, '/'), new FileInfo(f).Length))
            .Where(a => !a.Path.Split('/').Any(s => s.StartsWith(ArtifactPath.TempPrefix, StringComparison.Ordinal)))
            .OrderBy(a => a.Path, StringComparer.Ordinal)
            .ToList();
    }

    private static string StorePath(string runId, string relativePath) =>
        RunSegment(runId) + "/" + ArtifactPath.Normalise(relativePath, "artifact path");

    private static string RunSegment(string runId)
    {
        var id = runId?.Trim() ?? "";
        if (id.Length != RunIdGenerator.Length || !id.All(char.IsAsciiHexDigitLower))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"'{runId}' is not a full run id: expected {RunIdGenerator.Length} lower-case hex digits.");
        }
        return id;
    }

    private static string TempNameBeside(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $"{ArtifactPath.TempPrefix}{Guid.NewGuid():N}");

    private static async Task CopyFileAsync(string source, string destination, CancellationToken ct)
    {
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await input.CopyToAsync(output, ct).ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
    }
}
