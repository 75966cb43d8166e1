using System.Globalization;
using System.Net;

namespace MLCycle.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class MetricsTests(ServerFixture server)
{
    private static readonly object Customer = new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic" };

    [Fact]
    public async Task Metrics_afterPredictions_countRowsRequestsAndLatencyPerModelVersion()
    {
        var before = await ScrapeAsync();

        var ok = await server.PredictAsync("churn", new { rows = new[] { Customer, Customer, Customer } });
        var refused = await server.PredictAsync("churn", new { rows = new[] { new { tenure = "soon" } } });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var after = await ScrapeAsync();
        const string Churn1 = "model=\"churn\",version=\"1\"";
        Assert.Equal(3, Value(after, $"mlcycle_rows_scored_total{{{Churn1}}}") - Value(before, $"mlcycle_rows_scored_total{{{Churn1}}}"));
        Assert.Equal(1, Value(after, $"mlcycle_predict_requests_total{{{Churn1},outcome=\"ok\"}}") - Value(before, $"mlcycle_predict_requests_total{{{Churn1},outcome=\"ok\"}}"));
        Assert.Equal(1, Value(after, $"mlcycle_predict_requests_total{{{Churn1},outcome=\"invalid\"}}") - Value(before, $"mlcycle_predict_requests_total{{{Churn1},outcome=\"invalid\"}}"));
        Assert.Equal(1, Value(after, $"mlcycle_predict_duration_seconds_count{{{Churn1}}}") - Value(before, $"mlcycle_predict_duration_seconds_count{{{Churn1}}}"));
        Assert.InRange(Value(after, $"mlcycle_predict_duration_seconds_sum{{{Churn1}}}") - Value(before, $"mlcycle_predict_duration_seconds_sum{{{Churn1}}}"), 1e-7, 5);
        Assert.True(Value(after, "mlcycle_models_loaded") >= 1);
        Assert.Equal(0, Value(after, "mlcycle_prediction_log_dropped_rows_total"));
        Assert.Contains("mlcycle_prediction_log_queue_depth", after);
        Assert.Contains("mlcycle_prediction_log_queue_bytes", after);
    }

    [Fact]
    public async Task Metrics_unknownFieldWarning_isCountedByKind()
    {
        const string Series = "mlcycle_warnings_total{model=\"churn\",version=\"1\",kind=\"unknown_column\"}";
        var before = Value(await ScrapeAsync(), Series);

        var ok = await server.PredictAsync("churn", new { rows = new[] { new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic", note = "vip" } } });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, Value(await ScrapeAsync(), Series) - before);
    }

    [Fact]
    public async Task Metrics_isPrometheusText()
    {
        var response = await server.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE mlcycle_rows_scored_total counter", await response.Content.ReadAsStringAsync());
    }

    private async Task<string> ScrapeAsync() => await server.Client.GetStringAsync("/metrics");

    /// <summary>The sample's value, 0 when the series has not appeared yet (a counter that was never incremented).</summary>
    private static double Value(string scrape, string series)
    {
        foreach (var line in scrape.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line[(series.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
