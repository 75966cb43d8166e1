using System.Net;
using System.Text.Json;

namespace MLCycle.Server.Tests;

/// <summary>An mlp package (preparation chain in model.zip, network in network.bin) served through the same Kestrel route as any model.</summary>
[Collection(ServerCollection.Name)]
public sealed class MlpServerTests(ServerFixture server)
{
    [Fact]
    public async Task Predict_mlpModel_answersWithLabelsAndProbabilitiesThatLearnedChurn()
    {
        var customer = new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic" };
        var loyal = new { tenure = 70, monthly_charges = 25.0, contract = "Two year", internet_service = "No" };

        var response = await server.PredictAsync("mlpchurn", new { rows = new object[] { customer, loyal } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("mlpchurn", root.GetProperty("model").GetProperty("name").GetString());
        var predictions = root.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(2, predictions.Count);
        var yes = predictions.Select(p => p.GetProperty("probabilities").GetProperty("Yes").GetDouble()).ToList();
        Assert.All(predictions, p => Assert.Equal(1.0, p.GetProperty("probabilities").GetProperty("Yes").GetDouble() + p.GetProperty("probabilities").GetProperty("No").GetDouble(), 6));
        // The network must rank a new month-to-month fibre customer above a two-year one, as the boosted model does.
        Assert.True(yes[0] > yes[1] + 0.2, $"churn probability {yes[0]} for the new customer vs {yes[1]} for the loyal one");
        Assert.Equal("Yes", predictions[0].GetProperty("label").GetString());
        Assert.Equal("No", predictions[1].GetProperty("label").GetString());
    }

    [Fact]
    public async Task Predict_mlpModel_missingColumn_isA400NamingTheField()
    {
        var response = await server.PredictAsync("mlpchurn", new { rows = new object[] { new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month" } } });

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("internet_service", body);
    }
}
