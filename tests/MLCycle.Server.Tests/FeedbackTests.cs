using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MLCycle.Server.Tests;

/// <summary>POST /v1/models/{name}/feedback stores outcomes keyed by the ids predict returned, and says what it did with each.</summary>
[Collection(ServerCollection.Name)]
public sealed class FeedbackTests(ServerFixture server)
{
    private const string UnknownId = "0190aaaa-0000-7000-8000-000000000000";

    [Fact]
    public async Task Feedback_knownRepeatedAndUnknownIds_storesLastOutcomeAndListsTheUnknown()
    {
        var ids = await PredictAndWaitForLogAsync(2);

        var response = await server.PostAsEditorAsync("/v1/models/churn/feedback", JsonContent.Create(new
        {
            outcomes = new object[] { new { id = ids[0], label = "No" }, new { id = ids[1], label = "Yes" }, new { id = ids[0], label = "Yes" }, new { id = UnknownId, label = "No" } },
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var r = json.RootElement;
        Assert.Equal((4, 2, 1, 1), (r.GetProperty("received").GetInt32(), r.GetProperty("accepted").GetInt32(), r.GetProperty("duplicates").GetInt32(), r.GetProperty("unknown").GetInt32()));
        Assert.Equal([UnknownId], r.GetProperty("unknownIds").EnumerateArray().Select(e => e.GetString()));
        var labelled = (await server.Store.Predictions.ReadLabelledAsync("churn")).Where(l => ids.Contains(l.Id)).ToDictionary(l => l.Id, l => l.Label);
        Assert.Equal("Yes", labelled[ids[0]]);
        Assert.Equal("Yes", labelled[ids[1]]);
    }

    [Fact]
    public async Task Feedback_labelThatIsNotAClass_is400NamingTheEntryAndStoresNothing()
    {
        var ids = await PredictAndWaitForLogAsync(1);

        var response = await server.PostAsEditorAsync("/v1/models/churn/feedback", JsonContent.Create(new { outcomes = new[] { new { id = ids[0], label = "Maybe" } } }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("outcomes[0].label", body);
        Assert.Contains("'Maybe' is not a class", body);
        Assert.DoesNotContain(await server.Store.Predictions.ReadLabelledAsync("churn"), l => l.Id == ids[0]);
    }

    [Fact]
    public async Task Feedback_outcomeWithoutId_is400NamingTheRow()
    {
        var response = await server.PostAsEditorAsync("/v1/models/churn/feedback", JsonContent.Create(new { outcomes = new object[] { new { id = UnknownId, label = "No" }, new { label = "No" } } }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal((1, "id"), (error.GetProperty("row").GetInt32(), error.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task Feedback_outcomeNamingItsLabelTwice_is400NamingTheKeyAndStoresNothing()
    {
        var ids = await PredictAndWaitForLogAsync(1);
        var content = new StringContent($$"""{"outcomes":[{"id":"{{ids[0]}}","label":"Yes","label":"No"}]}""", Encoding.UTF8, "application/json");

        var response = await server.PostAsEditorAsync("/v1/models/churn/feedback", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("'label'", Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray()).GetProperty("reason").GetString());
        Assert.DoesNotContain(await server.Store.Predictions.ReadLabelledAsync("churn"), l => l.Id == ids[0]);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 }, "$")]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'d', (byte)'8', (byte)'0', (byte)'0' }, "$.outcomes[0].label")]
    public async Task Feedback_labelThatIsNoText_is400NamingWhereNotA500(byte[] label, string field)
    {
        byte[] body = [.. "{\"outcomes\":[{\"id\":\""u8, .. Encoding.ASCII.GetBytes(UnknownId), .. "\",\"label\":\""u8, .. label, .. "\"}]}"u8];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        var response = await server.PostAsEditorAsync("/v1/models/churn/feedback", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Feedback_formBody_is415()
    {
        var response = await server.PostAsEditorAsync("/v1/models/churn/feedback", new StringContent("id=1&label=No", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Feedback_unknownModel_is404()
    {
        var response = await server.PostAsEditorAsync("/v1/models/nosuchmodel/feedback", JsonContent.Create(new { outcomes = new[] { new { id = UnknownId, label = "No" } } }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Feedback_withoutTokenOrAsReader_isRefusedAndStoresNothing()
    {
        var ids = await PredictAndWaitForLogAsync(1);
        var body = new { outcomes = new[] { new { id = ids[0], label = "Yes" } } };

        var anonymous = await server.Client.PostAsJsonAsync("/v1/models/churn/feedback", body);
        using var asReader = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn/feedback") { Content = JsonContent.Create(body) };
        asReader.Headers.Authorization = new("Bearer", server.ReaderToken);
        var reader = await server.Client.SendAsync(asReader);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden), (anonymous.StatusCode, reader.StatusCode));
        Assert.DoesNotContain(await server.Store.Predictions.ReadLabelledAsync("churn"), l => l.Id == ids[0]);
    }

    private async Task<List<string>> PredictAndWaitForLogAsync(int rows)
    {
        var customer = new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic" };
        var response = await server.PredictAsync("churn", new { rows = Enumerable.Repeat(customer, rows).ToArray() });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var ids = json.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToList();
        // The log is written in the background; outcomes for rows not yet written would be reported as unknown.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await server.Store.Predictions.FindIdsAsync("churn", ids)).Count < ids.Count && DateTime.UtcNow < deadline) await Task.Delay(50);
        return ids;
    }
}
