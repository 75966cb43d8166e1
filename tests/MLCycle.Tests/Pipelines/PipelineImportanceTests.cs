using System.Globalization;
using System.Text;
using MLCycle.Pipelines;
using MLCycle.Storage;

namespace MLCycle.Tests.Pipelines;

/// <summary>A run measures permutation importance of the chosen model on its test rows, reports it and stores it with the version.</summary>
public sealed class PipelineImportanceTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task RunAsync_label_from_one_column_ranks_it_first_in_summary_report_and_artifact()
    {
        var random = new Random(11);
        var csv = new StringBuilder("signal,noise,colour,label\n");
        for (int i = 0; i < 600; i++)
        {
            double signal = random.NextDouble() * 2 - 1;
            string label = signal + 0.2 * (random.NextDouble() - 0.5) > 0 ? "yes" : "no";
            csv.Append(CultureInfo.InvariantCulture, $"{signal:0.0000},{random.NextDouble():0.0000},{(random.Next(3) switch { 0 => "red", 1 => "green", _ => "blue" })},{label}\n");
        }
        var data = _folder.Write("data.csv", csv.ToString());
        var spec = SpecLoader.Load(_folder.Write("mlcycle.yaml", $"name: signal\ndata:\n  path: {data}\n  target: label\ntrain: {{ algorithms: [linear], cv: 2 }}\n"));
        await using var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        using var input = await PipelinePreflight.CheckAsync(spec);

        var summary = await new PipelineRunner(store).RunAsync(input);

        Assert.Equal(["signal", "noise", "colour"], summary.Importance.Select(f => f.Column).Take(1).Concat(summary.Importance.Skip(1).Select(f => f.Column).Order().Reverse()));
        Assert.True(summary.Importance[0].Mean > 0.2, $"signal {summary.Importance[0].Mean}");
        foreach (var noise in summary.Importance.Skip(1))
            Assert.True(Math.Abs(noise.Mean) <= 2 * noise.Sd + 0.01, $"{noise.Column} {noise.Mean} ± {noise.Sd}");
        var report = await File.ReadAllTextAsync(summary.ReportPath);
        Assert.Contains("<section id=\"importance\">", report);
        Assert.Contains("aria-label=\"permutation importance by roc_auc\"", report);
        var stored = await File.ReadAllTextAsync(store.Artifacts.Resolve(summary.RunId, PipelineRunner.ImportanceFile));
        Assert.Contains("\"signal\"", stored);
    }
}
