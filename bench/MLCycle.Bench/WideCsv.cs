using System.Globalization;
using System.Text;

namespace MLCycle.Bench;

/// <summary>A seeded wide table: 30 numeric and 20 categorical columns, with a few missing values.</summary>
public static class WideCsv
{
    public const int NumericColumns = 30;
    public const int CategoricalColumns = 20;

    public static void Write(string path, int rows, int seed = 11) => Write(path, seed, (row, _) => row < rows);

    /// <summary>
    /// Streams rows until the file holds at least <paramref name="bytes"/> bytes, calling <paramref name="progress"/>
    /// with the rows and bytes so far each time another <paramref name="progressStep"/> bytes are written; returns the rows written.
    /// </summary>
    public static long WriteSize(string path, long bytes, long progressStep, Action<long, long> progress, int seed = 11)
    {
        var next = progressStep;
        return Write(path, seed, (row, written) =>
        {
            if (written >= next)
            {
                progress(row, written);
                next += progressStep;
            }
            return written < bytes;
        });
    }

    // The text is ASCII, so characters written are bytes written.
    private static long Write(string path, int seed, Func<long, long, bool> more)
    {
        var random = new Random(seed);
        var levels = Enumerable.Range(0, CategoricalColumns).Select(c => Enumerable.Range(0, 3 + c * 2).Select(l => $"c{c}_v{l}").ToArray()).ToArray();
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var header = string.Join(',', Enumerable.Range(0, NumericColumns).Select(i => $"n{i}").Concat(Enumerable.Range(0, CategoricalColumns).Select(i => $"c{i}")));
        w.WriteLine(header);
        long written = header.Length + 1;
        var line = new StringBuilder();
        long r;
        for (r = 0; more(r, written); r++)
        {
            line.Clear();
            for (var c = 0; c < NumericColumns; c++)
            {
                if (random.NextDouble() >= 0.01) line.Append((random.NextDouble() * (c + 1) * 100).ToString("0.###", CultureInfo.InvariantCulture));
                line.Append(',');
            }
            for (var c = 0; c < CategoricalColumns; c++)
            {
                line.Append(levels[c][random.Next(levels[c].Length)]);
                if (c < CategoricalColumns - 1) line.Append(',');
            }
            w.WriteLine(line);
            written += line.Length + 1;
        }
        // On disk before anything is timed, so the kernel's write-back of the new file does not run during a measurement.
        w.Flush();
        ((FileStream)w.BaseStream).Flush(flushToDisk: true);
        return r;
    }
}
