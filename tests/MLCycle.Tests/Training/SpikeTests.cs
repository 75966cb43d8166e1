using MLCycle.Data;
using MLCycle.Registry;
using MLCycle.Serving;
using MLCycle.Training;
using MLCycle.Training.Algorithms;

namespace MLCycle.Tests.Training;

public class SpikeTests
{
    [Fact]
    public async Task Spike()
    {
        var table = SyntheticTables.Create(400, "binary");
        var inputs = new List<InputColumn>
        {
            new("x", ColumnKind.Numeric, true),
            new("color", ColumnKind.Categorical, true, ["blue", "green", "red"]),
            new("flag", ColumnKind.Boolean, false),
        };
        var model = new LightGbmAlgorithm().Train(new FitRequest { Train = table, Target = "label", Task = TaskKind.Binary, Inputs = inputs, Classes = ["no", "yes"] });
        var preds = model.Predict(table);
        var acc = preds.Select((p, i) => p.Label == table["label"].Strings![i] ? 1 : 0).Average();
        Assert.True(acc > 0.8, acc.ToString());
        var dir = Path.Combine(Path.GetTempPath(), "spike-" + Guid.NewGuid());
        var manifest = new ModelManifest { Name = "m", Task = TaskKind.Binary, Algorithm = "lightgbm", Target = "label", Inputs = inputs, Classes = ["no", "yes"], Reference = new MLCycle.Profiling.DatasetProfile { Rows = 1, Columns = [] } };
        await ModelPackage.SaveAsync(dir, model, manifest);
        using var loaded = LoadedModel.Load(dir);
        var r1 = loaded.Score(table);
        Assert.Empty(r1.Errors);
        Assert.Equal(preds.Select(p => p.Probabilities!["yes"]), r1.Predictions.Select(p => p!.Probabilities!["yes"]));
        var small = loaded.Score(table.Take([0, 1, 2]));
        Assert.Equal(preds.Take(3).Select(p => p.Probabilities!["yes"]), small.Predictions.Select(p => p!.Probabilities!["yes"]));
    }
}
