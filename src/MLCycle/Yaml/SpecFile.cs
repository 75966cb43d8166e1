using System.Text;

namespace MLCycle.Yaml;

/// <summary>
/// Reads a spec or suite file's text, bounded: a spec is a few kilobytes, so a file past <see cref="MaxBytes"/> is refused
/// before it is read, and a pipe or a device (which report no length) is never opened, because reading one would wait
/// forever for a writer (a FIFO) or fill the memory (<c>/dev/zero</c>).
/// </summary>
internal static class SpecFile
{
    /// <summary>The largest spec or suite accepted: room for thousands of columns' settings, far from what hurts memory.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>The text of <paramref name="full"/>, decoded as <see cref="File.ReadAllText(string)"/> decodes it;
    /// <paramref name="what"/> names the file in errors ("spec file", "expectation suite").</summary>
    public static string ReadText(string full, string what)
    {
        // A link's own length is that of its target's name: the length that counts is the final target's.
        var info = new FileInfo(full);
        var length = (info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info).Length;
        if (length == 0)
            throw new MLCycleException(ErrorKind.BadSpec, $"{full}: the {what} is empty (0 bytes) or is not a regular file (a pipe or a device): expected YAML text.");
        if (length > MaxBytes) throw TooLarge(full, what, length);
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
        // Read one byte past the limit, in case the file grew since its length was taken.
        var bytes = new byte[(int)Math.Min(length + 1, MaxBytes + 1L)];
        var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read > MaxBytes) throw TooLarge(full, what, read);
        using var reader = new StreamReader(new MemoryStream(bytes, 0, read), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static MLCycleException TooLarge(string full, string what, long length) =>
        new(ErrorKind.BadSpec, $"{full}: the {what} is {length:N0} bytes; a {what} may be at most {MaxBytes:N0} bytes.");
}
