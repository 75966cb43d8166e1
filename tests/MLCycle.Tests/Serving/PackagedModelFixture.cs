using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Tests.Training;
using MLCycle.Training;

namespace MLCycle.Tests.Serving;

/// <summary>Trains small models of each task once and saves them as packages in a temporary folder.</summary>
public sealed class PackagedModelFixture : IDisposable
{
    public PackagedModelFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlcycle-serving-" + Guid.NewGuid().ToString("N"));
        Binary = Package("binary", WithDate(SyntheticTables.Create(300, "binary")), TaskKind.Binary);
        Multiclass = Package("multiclass", SyntheticTables.Create(300, "multiclass"), TaskKind.Multiclass);
        Regression = Package("regression", SyntheticTables.Create(300, "regression"), TaskKind.Regression);
    }

    public string Root { get; }
    public (string Directory, TrainingOutcome Outcome) Binary { get; }
    public (string Directory, TrainingOutcome Outcome) Multiclass { get; }
    public (string Directory, TrainingOutcome Outcome) Regression { get; }

    /// <summary>A copy of the binary package that a test may damage.</summary>
    public string CopyBinary()
    {
        var copy = Path.Combine(Root, "copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Binary.Directory)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    private (string, TrainingOutcome) Package(string name, Table data, TaskKind task)
    {
        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = data, Target = "label", Task = task, Algorithms = ["lightgbm"], Folds = 2 });
        var directory = Path.Combine(Root, name);
        var manifest = outcome.CreateManifest(name, new DatasetProfile { Rows = data.RowCount, Columns = [] }, "run-" + name);
        ModelPackage.SaveAsync(directory, outcome.Model, manifest).GetAwaiter().GetResult();
        return (directory, outcome);
    }

    // Adds a DateTime column so the serving tests cover date parsing too.
    private static Table WithDate(Table table)
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var when = Enumerable.Range(0, table.RowCount).Select(i => (double)(start + i * 86_400L)).ToArray();
        return new Table([.. table.Columns.Where(c => c.Name != "label"), SyntheticTables.Numbers("when", when, ColumnKind.DateTime), table["label"]]);
    }
}
