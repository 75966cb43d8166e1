using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Tests.Training;
using MLCycle.Training;

namespace MLCycle.Tests.Serving;

/// <summary>A penguins model trained once with every kind of treatment and packaged in a temporary folder.</summary>
public sealed class TreatedPenguinsFixture : IDisposable
{
    public static readonly TreatmentOptions Treatments = new()
    {
        Sentinels = new Dictionary<string, IReadOnlyList<string>> { ["bill_length_mm"] = ["-1"], ["*"] = ["?"] },
        Categories = new CategoryOptions { MinCount = 60 },
        Outliers = new Dictionary<string, OutlierRule>
        {
            ["body_mass_g"] = new() { Percentiles = new PercentileRange(5, 95) },
            ["flipper_length_mm"] = new() { Mode = OutlierMode.Remove, Percentiles = new PercentileRange(2, 98) },
        },
    };

    public TreatedPenguinsFixture()
    {
        Data = CsvTables.Load(RepoFiles.Path("examples/penguins/penguins.csv"));
        Outcome = new ModelTrainer().Train(new TrainingRequest
        {
            Data = Data, Target = "species", Task = TaskKind.Multiclass, Algorithms = ["linear"], Folds = 2, Seed = 1,
            Prepare = new PreparationOptions { Treatments = Treatments },
        });
        var manifest = Outcome.CreateManifest("penguins", new DatasetProfile { Rows = Data.RowCount, Columns = [] });
        ModelPackage.SaveAsync(Directory, Outcome.Model, manifest).GetAwaiter().GetResult();
    }

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "mlcycle-treated-" + Guid.NewGuid().ToString("N"));
    public Table Data { get; }
    public TrainingOutcome Outcome { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
