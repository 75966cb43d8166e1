using MLCycle.Pipelines;
using MLCycle.Storage;

namespace MLCycle.Tests.Pipelines;

/// <summary><c>split.time</c> and <c>split.group</c> through a whole run: stated in the summary, refused when they cannot work.</summary>
public sealed class PipelineSplitByTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private PipelineSpec Spec(string split, string extra = "") =>
        SpecLoader.Load(_folder.Write("mlcycle.yaml",
            $"name: weather\ndata:\n  path: {RepoFiles.Path("tests/data/seattle_weather.csv")}\n  target: weather\n{extra}split: {split}\ntrain: {{ algorithms: [linear], cv: 3 }}\n"));

    [Fact]
    public async Task RunAsync_time_split_on_an_ignored_date_trains_on_the_past_and_says_so()
    {
        await using var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        using var input = await PipelinePreflight.CheckAsync(Spec("{ time: date }", "  ignore: [date]\n"));

        var summary = await new PipelineRunner(store).RunAsync(input);

        // 1,461 days from 2012-01-01: the latest 292 (20%) are 2015-03-15 onwards.
        Assert.Equal("by time 'date': training rows up to 2015-03-14 00:00:00, test rows from 2015-03-15 00:00:00", summary.Split);
        var run = await store.Tracking.GetRunAsync(summary.RunId);
        Assert.Equal("date", run.Params["split.time"]);
        Assert.Equal("false", run.Params["split.stratify"]);
        Assert.Contains("Split", await File.ReadAllTextAsync(summary.ReportPath));
    }

    [Fact]
    public async Task CheckAsync_split_column_not_in_the_data_names_the_key()
    {
        var e = await Assert.ThrowsAsync<MLCycleException>(() => PipelinePreflight.CheckAsync(Spec("{ group: station }")));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("'split.group'", e.Message);
        Assert.Contains("column 'station' is not in", e.Message);
    }

    [Fact]
    public async Task RunAsync_time_split_on_a_text_column_is_refused_with_its_kind()
    {
        await using var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        var spec = SpecLoader.Load(_folder.Write("mlcycle.yaml",
            $"name: weather\ndata:\n  path: {RepoFiles.Path("tests/data/seattle_weather.csv")}\n  target: precipitation\nsplit: {{ time: weather }}\ntrain: {{ algorithms: [linear], cv: 3 }}\n"));
        using var input = await PipelinePreflight.CheckAsync(spec);

        var e = await Assert.ThrowsAsync<MLCycleException>(() => new PipelineRunner(store).RunAsync(input));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("column 'weather' is categorical; a time split needs a date or a number", e.Message);
    }
}
