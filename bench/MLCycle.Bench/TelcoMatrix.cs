using System.Globalization;
using System.Runtime.InteropServices;

namespace MLCycle.Bench;

/// <summary>
/// A shipped binary-target CSV (no quoted fields) as a dense float matrix: numeric columns as they are (a missing value
/// takes the column's mean), text columns one-hot in sorted category order; rows shuffled with a seed and split 80/20.
/// Written as float32 files so PyTorch trains on exactly the numbers MLCycle does.
/// </summary>
public sealed class TelcoMatrix
{
    private TelcoMatrix(float[] trainX, float[] trainY, float[] testX, float[] testY, int features)
    {
        (TrainX, TrainY, TestX, TestY, Features) = (trainX, trainY, testX, testY, features);
    }

    public float[] TrainX { get; }

    public float[] TrainY { get; }

    public float[] TestX { get; }

    public float[] TestY { get; }

    public int Features { get; }

    public int TrainRows => TrainY.Length;

    public int TestRows => TestY.Length;

    public static TelcoMatrix Load(string path, int seed, string target = "churn", string positive = "Yes")
    {
        var lines = File.ReadLines(path).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var targetColumn = Array.IndexOf(header, target);
        var encoders = new List<Func<string[], IEnumerable<float>>>();
        for (var c = 0; c < header.Length; c++)
        {
            if (c == targetColumn) continue;
            var column = c;
            var values = cells.Select(r => r[column]).ToArray();
            if (values.All(v => v.Length == 0 || double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                var mean = (float)values.Where(v => v.Length > 0).Average(v => double.Parse(v, CultureInfo.InvariantCulture));
                encoders.Add(r => [r[column].Length == 0 ? mean : float.Parse(r[column], CultureInfo.InvariantCulture)]);
            }
            else
            {
                var categories = values.Distinct().Order(StringComparer.Ordinal).ToArray();
                encoders.Add(r => categories.Select(k => k == r[column] ? 1f : 0f));
            }
        }
        var random = new Random(seed);
        var order = Enumerable.Range(0, cells.Count).OrderBy(_ => random.Next()).ToArray();
        var rows = order.Select(i => encoders.SelectMany(e => e(cells[i])).ToArray()).ToArray();
        var labels = order.Select(i => cells[i][targetColumn] == positive ? 1f : 0f).ToArray();
        var train = rows.Length * 4 / 5;
        return new TelcoMatrix(rows[..train].SelectMany(r => r).ToArray(), labels[..train], rows[train..].SelectMany(r => r).ToArray(), labels[train..], rows[0].Length);
    }

    public void Write(string folder)
    {
        File.WriteAllBytes(Path.Combine(folder, "train_x.f32"), MemoryMarshal.AsBytes(TrainX.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(folder, "train_y.f32"), MemoryMarshal.AsBytes(TrainY.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(folder, "test_x.f32"), MemoryMarshal.AsBytes(TestX.AsSpan()).ToArray());
        File.WriteAllText(Path.Combine(folder, "shape.txt"), $"{TrainRows} {TestRows} {Features}");
    }
}
