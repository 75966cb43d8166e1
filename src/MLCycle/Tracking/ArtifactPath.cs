namespace MLCycle.Tracking;

/// <summary>Turns untrusted relative paths into full paths that are proven to stay inside a root folder.</summary>
internal static class ArtifactPath
{
    public const string TempPrefix = ".tmp-";

    /// <summary>Normalises <paramref name="relativePath"/> to '/'-separated segments, refusing anything that could leave the root.</summary>
    public static string Normalise(string relativePath, string what)
    {
        if (string.IsNullOrWhiteSpace(relativePath))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"The {what} must not be empty.");
        }
        if (Path.IsPathRooted(relativePath) || relativePath.StartsWith('/') || relativePath.StartsWith('\\') || relativePath.Contains(':'))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"The {what} '{relativePath}' is absolute; expected a path relative to the artifact folder.");
        }
        var segments = relativePath.Split('/', '\\').Where(s => s.Length > 0 && s != ".").ToList();
        foreach (var segment in segments)
        {
            if (segment == "..")
            {
                throw new MLCycleException(ErrorKind.BadSpec, $"The {what} '{relativePath}' contains '..'; artifact paths must stay inside the artifact folder.");
            }
            if (segment.StartsWith(TempPrefix, StringComparison.Ordinal) || segment.Any(ch => char.IsControl(ch) || Path.GetInvalidFileNameChars().Contains(ch)))
            {
                throw new MLCycleException(ErrorKind.BadSpec, $"The {what} '{relativePath}' has an invalid name '{segment}'.");
            }
        }
        if (segments.Count == 0)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"The {what} '{relativePath}' names no file or folder.");
        }
        return string.Join('/', segments);
    }

    /// <summary>The full path of <paramref name="relativePath"/> under <paramref name="root"/>, checked to stay inside it.</summary>
    public static string Combine(string root, string relativePath, string what)
    {
        var normal = Normalise(relativePath, what);
        var full = Path.GetFullPath(Path.Combine(root, normal.Replace('/', Path.DirectorySeparatorChar)));
        var rootWithSeparator = Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar;
        // A second check on the final path guards against anything the segment rules did not foresee.
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"The {what} '{relativePath}' resolves outside the artifact folder.");
        }
        return full;
    }
}
