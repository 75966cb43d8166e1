using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Tests.Training;
using MLCycle.Training;

namespace MLCycle.Tests.Serving;

/// <summary>Small real models of each task and exportable algorithm, trained once and packaged in a temporary folder.</summary>
public sealed class OnnxModelsFixture : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mlcycle-onnx-").FullName;
    private readonly Dictionary<string, (string Directory, TrainingOutcome Outcome)> _packages = [];

    public OnnxModelsFixture()
    {
        var german = CsvTables.Load(RepoFiles.Path("tests/data/german_credit.csv"));
        var weather = CsvTables.Load(RepoFiles.Path("tests/data/seattle_weather.csv"), kinds: new Dictionary<string, ColumnKind> { ["date"] = ColumnKind.DateTime });
        foreach (var algorithm in new[] { "lightgbm", "fasttree", "linear" })
        {
            Add($"binary-{algorithm}", german, "class", TaskKind.Binary, algorithm);
            Add($"regression-{algorithm}", german, "credit_amount", TaskKind.Regression, algorithm);
        }
        Add("multiclass-lightgbm", weather, "weather", TaskKind.Multiclass, "lightgbm");
        Add("multiclass-linear", weather, "weather", TaskKind.Multiclass, "linear");
    }

    public string Root => _root;

    public (string Directory, TrainingOutcome Outcome) this[string name] => _packages[name];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Add(string name, Table data, string target, TaskKind task, string algorithm)
    {
        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = data, Target = target, Task = task, Algorithms = [algorithm], Folds = 2, Seed = 7 });
        var directory = Path.Combine(_root, name);
        var manifest = outcome.CreateManifest(name, new DatasetProfile { Rows = data.RowCount, Columns = [] }, "run-" + name);
        ModelPackage.SaveAsync(directory, outcome.Model, manifest).GetAwaiter().GetResult();
        _packages[name] = (directory, outcome);
    }
}
