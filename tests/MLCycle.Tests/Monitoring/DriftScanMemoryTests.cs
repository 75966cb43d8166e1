using System.Globalization;
using System.Text;
using MLCycle.Data;
using MLCycle.Monitoring;
using MLCycle.Profiling;
using MLCycle.Tests.Storage;

namespace MLCycle.Tests.Monitoring;

/// <summary>Run alone: the bytes allocated by the whole process are measured, so no other test may allocate meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DriftScanMemoryCollection
{
    public const string Name = "drift scan memory";
}

/// <summary>A drift scan holds the sketches and the scoring sample, nothing per row: four times the rows allocate no more.</summary>
[Collection(DriftScanMemoryCollection.Name)]
public sealed class DriftScanMemoryTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Run_four_times_the_rows_allocates_no_more_memory()
    {
        var reference = await new DatasetProfiler().ProfileAsync(Write("reference.csv", 5_000, seed: 1));
        var small = Write("small.csv", 200_000, seed: 2);
        var large = Write("large.csv", 800_000, seed: 3);
        Allocated(reference, small);   // the first run pays for loading and compiling the code

        var (smallBytes, smallRows) = Allocated(reference, small);
        var (largeBytes, largeRows) = Allocated(reference, large);

        Assert.Equal(200_000, smallRows);
        Assert.Equal(800_000, largeRows);
        // A string or a boxed number per row would be 600,000 × 24 bytes or more (14 MB); sketches and the sample are fixed.
        Assert.True(largeBytes - smallBytes < 2_000_000, $"200,000 rows allocated {smallBytes:N0} bytes, 800,000 rows {largeBytes:N0}");
    }

    public void Dispose() => temp.Dispose();

    private static (long Bytes, long Rows) Allocated(DatasetProfile reference, string path)
    {
        var accumulator = DriftAccumulator.For(reference);
        var read = new TableReadOptions { Types = reference.Columns.ToDictionary(c => c.Name, c => c.Kind) };
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var sample = DriftFileScan.Run(path, read, accumulator, 2_000, CancellationToken.None);
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(2_000, sample!.RowCount);
        return (bytes, accumulator.Rows);
    }

    private string Write(string name, int rows, int seed)
    {
        var path = Path.Combine(temp.Path, name);
        var random = new Random(seed);
        var levels = Enumerable.Range(0, 12).Select(i => $"level_{i}").ToArray();
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.WriteLine("a,b,c,kind,other");
        for (var r = 0; r < rows; r++)
        {
            var a = r % 50 == 0 ? "" : (random.NextDouble() * 100).ToString("0.###", CultureInfo.InvariantCulture);
            var b = (random.NextDouble() * random.NextDouble() * 1e4).ToString("0.#", CultureInfo.InvariantCulture);
            var c = random.Next(1000).ToString(CultureInfo.InvariantCulture);
            // Now and then a level the reference never saw, which must be counted as other without keeping it.
            var kind = r % 40 == 0 ? $"new_{r}" : levels[random.Next(levels.Length)];
            w.WriteLine($"{a},{b},{c},{kind},{levels[random.Next(3)]}");
        }
        return path;
    }
}
