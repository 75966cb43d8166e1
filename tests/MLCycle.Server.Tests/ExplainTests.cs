using System.Net;
using System.Text.Json;

namespace MLCycle.Server.Tests;

/// <summary>POST /v1/models/{name}/predict?explain=K through the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class ExplainTests(ServerFixture server)
{
    private static readonly string[] Inputs = ["tenure", "monthly_charges", "contract", "internet_service"];
    private static readonly object Customer = new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic" };
    private static readonly object LoyalCustomer = new { tenure = 70, monthly_charges = 25.0, contract = "Two year", internet_service = "No" };

    [Fact]
    public async Task Predict_explain3_tree_model_adds_the_three_largest_contributions_with_the_rows_values()
    {
        var response = await server.Client.PostAsync("/v1/models/churn/predict?explain=3", Body(Customer, LoyalCustomer));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        foreach (var prediction in json.RootElement.GetProperty("predictions").EnumerateArray())
        {
            var explanation = prediction.GetProperty("explanation");
            Assert.Equal("raw_score", explanation.GetProperty("scale").GetString());
            Assert.Equal("tree_shap", explanation.GetProperty("method").GetString());
            Assert.True(double.IsFinite(explanation.GetProperty("base").GetDouble()));
            var contributions = explanation.GetProperty("contributions").EnumerateArray().ToList();
            Assert.Equal(3, contributions.Count);
            Assert.Equal(3, contributions.Select(c => c.GetProperty("column").GetString()).Distinct().Count());
            Assert.All(contributions, c => Assert.Contains(c.GetProperty("column").GetString(), Inputs));
            var sizes = contributions.Select(c => Math.Abs(c.GetProperty("contribution").GetDouble())).ToList();
            Assert.Equal(sizes.OrderDescending(), sizes);
        }
        var first = json.RootElement.GetProperty("predictions")[0].GetProperty("explanation").GetProperty("contributions").EnumerateArray().ToList();
        var values = first.ToDictionary(c => c.GetProperty("column").GetString()!, c => c.GetProperty("value").GetString());
        var expected = new Dictionary<string, string> { ["tenure"] = "2", ["monthly_charges"] = "95.5", ["contract"] = "Month-to-month", ["internet_service"] = "Fiber optic" };
        Assert.All(values, v => Assert.Equal(expected[v.Key], v.Value));
    }

    [Fact]
    public async Task Predict_explain_all_inputs_of_mlp_base_plus_contributions_is_the_probability()
    {
        var response = await server.Client.PostAsync("/v1/models/mlpchurn/predict?explain=4", Body(Customer, LoyalCustomer));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        foreach (var prediction in json.RootElement.GetProperty("predictions").EnumerateArray())
        {
            var explanation = prediction.GetProperty("explanation");
            Assert.Equal("sampling", explanation.GetProperty("method").GetString());
            Assert.Equal("probability", explanation.GetProperty("scale").GetString());
            Assert.Equal(32, explanation.GetProperty("samples").GetInt32());
            var sum = explanation.GetProperty("base").GetDouble()
                + explanation.GetProperty("contributions").EnumerateArray().Sum(c => c.GetProperty("contribution").GetDouble());
            Assert.Equal(prediction.GetProperty("probabilities").GetProperty("Yes").GetDouble(), sum, 6);
        }
    }

    [Fact]
    public async Task Predict_explain_logs_each_prediction_as_answered_without_its_explanation_or_id()
    {
        var response = await server.Client.PostAsync("/v1/models/churn/predict?explain=2", Body(Customer, LoyalCustomer));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var answered = json.RootElement.GetProperty("predictions").EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetString()!, p => p);

        var logged = await LoggedPredictions.WaitForAsync(server.Store, answered.Keys.ToHashSet());

        Assert.Equal(2, logged.Count);
        foreach (var entry in logged)
        {
            var answer = answered[entry.Id!];
            Assert.True(answer.TryGetProperty("explanation", out _));
            // The log keeps the prediction as answered, less what belongs to the answer alone.
            var expected = "{" + string.Join(",", answer.EnumerateObject().Where(p => p.Name is not ("explanation" or "id")).Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}")) + "}";
            Assert.Equal(expected, entry.OutputJson);
        }
    }

    [Fact]
    public async Task Predict_without_explain_has_no_explanation()
    {
        var response = await server.Client.PostAsync("/v1/models/churn/predict", Body(Customer));

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(json.RootElement.GetProperty("predictions")[0].TryGetProperty("explanation", out _));
    }

    [Theory]
    [InlineData("0", "'explain'")]
    [InlineData("abc", "'explain'")]
    [InlineData("-1", "'explain'")]
    [InlineData("5", "between 1 and 4")]
    public async Task Predict_bad_explain_is_a_400_problem(string k, string named)
    {
        var response = await server.Client.PostAsync($"/v1/models/churn/predict?explain={k}", Body(Customer));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Predict_explain_on_a_package_from_before_explanations_is_a_409_and_it_still_serves()
    {
        var explained = await server.Client.PostAsync("/v1/models/oldchurn/predict?explain=2", Body(Customer));
        var plain = await server.Client.PostAsync("/v1/models/oldchurn/predict", Body(Customer));

        Assert.Equal(HttpStatusCode.Conflict, explained.StatusCode);
        Assert.Contains("retrain", await explained.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    private static StringContent Body(params object[] rows) =>
        new(JsonSerializer.Serialize(new { rows }), System.Text.Encoding.UTF8, "application/json");
}
