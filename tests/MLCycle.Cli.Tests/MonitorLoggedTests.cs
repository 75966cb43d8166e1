using System.Text.Json;
using MLCycle.Monitoring;
using MLCycle.Storage;

namespace MLCycle.Cli.Tests;

/// <summary>`monitor --logged` reads the requests the server wrote to the prediction log and compares them with training.</summary>
public sealed class MonitorLoggedTests(TrainedStoreFixture fixture) : IClassFixture<TrainedStoreFixture>
{
    [Fact]
    public async Task MonitorLogged_requestsWithShiftedTenure_exitsThree()
    {
        // Each test logs in a time of its own, so the shared store's other rows stay out of its count.
        await LogRequestsAsync(tenureShift: 60, At("2090-01-01T00:00:00Z"));
        var result = await Cli.RunAsync("monitor", "--model", "churn", "--logged", "--since", "2090-01-01T00:00:00Z", "--store", fixture.Store, "--json");
        Assert.Equal(3, result.ExitCode);
        var drift = result.Json().GetProperty("drift");
        Assert.Contains("tenure", drift.GetProperty("driftedFeatures").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(400, drift.GetProperty("currentRows").GetInt64());
    }

    [Fact]
    public async Task MonitorLogged_serverDroppedRows_statesRowsSeenAndRowsNotSeen()
    {
        await LogRequestsAsync(tenureShift: 0, At("2080-01-01T00:00:00Z"));
        await using (var store = await MLCycleStore.OpenAsync(fixture.Store))
        {
            await store.Predictions.AddDroppedAsync("churn", new DateOnly(2080, 1, 2), 25);
        }

        var json = await Cli.RunAsync("monitor", "--model", "churn", "--logged", "--since", "2080-01-01T00:00:00Z", "--store", fixture.Store, "--json");
        var text = await Cli.RunAsync("monitor", "--model", "churn", "--logged", "--since", "2080-01-01T00:00:00Z", "--store", fixture.Store);

        var report = json.Json();
        Assert.Equal(25, report.GetProperty("dropped").GetInt64());
        Assert.Equal(report.GetProperty("drift").GetProperty("currentRows").GetInt64(), report.GetProperty("rows").GetInt64());
        Assert.Contains("could not see 25 rows", text.Out);
    }

    [Fact]
    public async Task MonitorLogged_noRequests_exitsOneSayingSo()
    {
        var result = await Cli.RunAsync("monitor", "--model", "churn", "--logged", "--since", "2100-01-01T00:00:00Z", "--store", fixture.Store);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No logged requests", result.Err);
    }

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);

    private async Task LogRequestsAsync(int tenureShift, DateTimeOffset time)
    {
        var lines = File.ReadLines(RepoPaths.Get("examples", "telco-churn", "telco_churn.csv")).ToList();
        var header = lines[0].Split(',');
        var entries = lines.Skip(1).Take(400).Select(line =>
        {
            var values = line.Split(',');
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i] == "churn") continue;
                object? value = values[i] == "" ? null : double.TryParse(values[i], System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : values[i];
                if (header[i] == "tenure") value = (double)value! + tenureShift;
                if (header[i] == "senior_citizen") value = values[i];
                row[header[i]] = value;
            }
            return new PredictionLogEntry("churn", 1, time, JsonSerializer.Serialize(row), """{"label":"No"}""");
        }).ToList();
        await using var store = await MLCycleStore.OpenAsync(fixture.Store);
        await store.Predictions.AppendAsync(entries);
    }
}
