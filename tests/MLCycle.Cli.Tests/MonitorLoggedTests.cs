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
        await LogRequestsAsync(tenureShift: 60);
        var result = await Cli.RunAsync("monitor", "--model", "churn", "--logged", "--store", fixture.Store, "--json");
        Assert.Equal(3, result.ExitCode);
        var drift = result.Json().GetProperty("drift");
        Assert.Contains("tenure", drift.GetProperty("driftedFeatures").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(400, drift.GetProperty("currentRows").GetInt64());
    }

    [Fact]
    public async Task MonitorLogged_noRequests_exitsOneSayingSo()
    {
        var result = await Cli.RunAsync("monitor", "--model", "churn", "--logged", "--since", "2100-01-01T00:00:00Z", "--store", fixture.Store);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No logged requests", result.Err);
    }

    private async Task LogRequestsAsync(int tenureShift)
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
            return new PredictionLogEntry("churn", 1, DateTimeOffset.UtcNow, JsonSerializer.Serialize(row), """{"label":"No"}""");
        }).ToList();
        await using var store = await MLCycleStore.OpenAsync(fixture.Store);
        await store.Predictions.AppendAsync(entries);
    }
}
