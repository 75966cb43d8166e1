using System.Globalization;
using MLCycle.Monitoring;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Reports;
using MLCycle.Storage;
using MLCycle.Tests.Serving;
using MLCycle.Tests.Storage;
using static MLCycle.Tests.Monitoring.DriftFixtures;

namespace MLCycle.Tests.Monitoring;

/// <summary>`monitor --data FILE --window 1d --time-column COL`: drift per day of a file, through the streaming check.</summary>
public sealed class DriftWindowTests(PackagedModelFixture fixture) : IClassFixture<PackagedModelFixture>, IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task CheckFileAsync_per_day_finds_the_shifted_day_and_says_too_few_rows_for_a_small_one()
    {
        await using var store = await MLCycleStore.OpenAsync(temp.Path);
        await RegisterAsync(store);
        var path = WriteData(("2026-01-01", 400, 0), ("2026-01-02", 400, 5), ("2026-01-03", 20, 0));

        var report = await Check(store).CheckFileAsync("windowed", path, new MonitorWindow(TimeSpan.FromDays(1), "time"));

        Assert.NotNull(report.Windows);
        Assert.Equal([400L, 400L, 20L], report.Windows.Select(w => w.Rows));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), report.Windows[0].Start);
        Assert.Equal(report.Windows[0].Start.AddDays(1), report.Windows[0].End);
        Assert.Empty(report.Windows[0].Drift.DriftedFeatures);
        Assert.Equal(["x"], report.Windows[1].Drift.DriftedFeatures);
        Assert.True(report.Windows[2].Drift.TooFewRows);
        Assert.False(report.Windows[2].Drift.AnyDrift);
        Assert.Equal(820, report.Rows);
    }

    [Fact]
    public async Task Render_windowed_report_has_feature_bars_and_a_labelled_chart_of_the_windows_without_external_assets()
    {
        await using var store = await MLCycleStore.OpenAsync(temp.Path);
        await RegisterAsync(store);
        var path = WriteData(("2026-01-01", 400, 0), ("2026-01-02", 400, 5), ("2026-01-04", 20, 0));
        var report = await Check(store).CheckFileAsync("windowed", path, new MonitorWindow(TimeSpan.FromDays(1), "time"));

        var html = MonitorHtmlWriter.Render(report);

        Assert.Contains("<section id=\"features\">", html);
        Assert.Contains("aria-label=\"PSI of x: ", html);
        Assert.Contains("<section id=\"windows\">", html);
        // Two of the three windows have enough rows; the third is listed as too few, and the gap day keeps its place on the axis.
        Assert.Contains("2 of 3 windows with enough rows", html);
        Assert.Contains("too few rows (fewer than 200)", html);
        Assert.Contains("2026-01-04 00:00", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("https://", html);
    }

    [Fact]
    public async Task CheckFileAsync_unknown_time_column_names_the_file_and_its_columns()
    {
        await using var store = await MLCycleStore.OpenAsync(temp.Path);
        await RegisterAsync(store);
        var path = WriteData(("2026-01-01", 10, 0));

        var e = await Assert.ThrowsAsync<MLCycleException>(() => Check(store).CheckFileAsync("windowed", path, new MonitorWindow(TimeSpan.FromHours(1), "when")));

        Assert.Equal(ErrorKind.BadData, e.Kind);
        Assert.Contains("'when'", e.Message);
        Assert.Contains("x, color, flag, time", e.Message);
    }

    [Theory]
    [InlineData("30m", 30)]
    [InlineData("1h", 60)]
    [InlineData("7d", 7 * 24 * 60)]
    public void ParseLength_reads_minutes_hours_and_days(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), MonitorWindow.ParseLength(text));

    [Theory]
    [InlineData("1w")]
    [InlineData("0d")]
    [InlineData("day")]
    public void ParseLength_other_text_is_a_bad_spec_that_shows_the_forms(string text)
    {
        var e = Assert.Throws<MLCycleException>(() => MonitorWindow.ParseLength(text));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("1h, 1d", e.Message);
    }

    public void Dispose() => temp.Dispose();

    private static DriftCheck Check(MLCycleStore store) => new(store.Registry, store.Predictions, store.Artifacts);

    private static double X(int i) => i * 7919 % 1000 / 100.0;

    private async Task RegisterAsync(MLCycleStore store)
    {
        var run = await store.Tracking.CreateRunAsync("monitoring", "windowed");
        var outcome = fixture.Regression.Outcome;
        var reference = new DatasetProfile { Rows = 1000, Columns = [NumericProfile("x", [.. Enumerable.Range(0, 1000).Select(X)])] };
        var manifest = outcome.CreateManifest("windowed", reference, run.RunId);
        var local = Path.Combine(temp.Path, "package");
        await ModelPackage.SaveAsync(local, outcome.Model, manifest);
        await store.Registry.CreateModelVersionAsync("windowed", run.RunId, await store.Artifacts.PutDirectoryAsync(run.RunId, "model", local));
    }

    private string WriteData(params (string Day, int Rows, double Shift)[] days)
    {
        var path = Path.Combine(temp.Path, "current.csv");
        var lines = new List<string> { "x,color,flag,time" };
        foreach (var (day, rows, shift) in days)
            for (var i = 0; i < rows; i++)
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{X(i) + shift},{(i % 3 == 0 ? "red" : "blue")},{i % 2},{day}T{i % 24:00}:{i % 60:00}:00"));
        File.WriteAllLines(path, lines);
        return path;
    }
}
