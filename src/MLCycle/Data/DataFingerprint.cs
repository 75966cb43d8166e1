using System.Security.Cryptography;

namespace MLCycle.Data;

/// <summary>The SHA-256 of a data file's bytes, in lower-case hex: identifies exactly which data a run saw.</summary>
public static class DataFingerprint
{
    /// <summary>Hashes the file by streaming it, so files larger than memory are fine.</summary>
    public static async Task<string> ComputeAsync(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new MLCycleException(ErrorKind.BadSpec, $"Data file '{path}' does not exist (looked at '{Path.GetFullPath(path)}').");
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }
}
