using System.Net;
using System.Text;
using System.Text.Json;

namespace MLCycle.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ServerTests(ServerFixture server)
{
    private static readonly object Customer = new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic" };
    private static readonly object LoyalCustomer = new { tenure = 70, monthly_charges = 25.0, contract = "Two year", internet_service = "No" };

    [Fact]
    public async Task Health_running_saysOk()
    {
        var response = await server.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Models_registered_areListedWithVersionsAndAliases()
    {
        using var json = await ReadJsonAsync(await server.GetAsReaderAsync("/v1/models"));

        var models = json.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["churn", "corrupt", "edited", "mlpchurn", "oldchurn"], models.Select(m => m.GetProperty("name").GetString()));
        var churn = models[0];
        Assert.Equal(3, churn.GetProperty("latestVersion").GetInt32());
        Assert.Equal([1, 2, 3], churn.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(1, churn.GetProperty("aliases").GetProperty("champion").GetInt32());
        Assert.Equal(2, churn.GetProperty("aliases").GetProperty("challenger").GetInt32());
    }

    [Fact]
    public async Task Predict_bareName_answersWithChampionLabelsAndProbabilities()
    {
        var response = await server.PredictAsync("churn", new { rows = new[] { Customer, LoyalCustomer } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        var root = json.RootElement;
        Assert.Equal("churn", root.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(1, root.GetProperty("model").GetProperty("version").GetInt32());
        var predictions = root.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(2, predictions.Count);
        foreach (var p in predictions)
        {
            Assert.Contains(p.GetProperty("label").GetString(), new[] { "Yes", "No" });
            var probabilities = p.GetProperty("probabilities");
            var sum = probabilities.GetProperty("Yes").GetDouble() + probabilities.GetProperty("No").GetDouble();
            Assert.Equal(1.0, sum, 6);
            Assert.False(p.TryGetProperty("value", out _));
        }
        // A new month-to-month fibre customer is likelier to churn than a two-year one: the model learned something real.
        Assert.True(Probability(predictions[0]) > Probability(predictions[1]));
        Assert.Empty(root.GetProperty("warnings").EnumerateArray());
    }

    [Theory]
    [InlineData("churn@challenger", 2)]
    [InlineData("churn@champion", 1)]
    [InlineData("churn:2", 2)]
    [InlineData("churn:002", 2)]
    public async Task Predict_aliasOrVersionReference_isAnsweredByThatVersion(string reference, int version)
    {
        using var json = await ReadJsonAsync(await server.PredictAsync(reference, new { rows = new[] { Customer } }));

        Assert.Equal(version, json.RootElement.GetProperty("model").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Predict_aliasMoved_isServedByTheNewVersionWithinSeconds()
    {
        await server.Store.Registry.SetAliasAsync("churn", "hot", 1, "test");
        Assert.Equal(1, await VersionAnsweringAsync("churn@hot"));

        await server.Store.Registry.SetAliasAsync("churn", "hot", 2, "test", "hot swap");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var version = 1;
        while (version == 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            version = await VersionAnsweringAsync("churn@hot");
        }

        Assert.Equal(2, version);
    }

    [Theory]
    [InlineData("{\"rows\": [", "$")]
    [InlineData("not json", "$")]
    [InlineData("", "$")]
    [InlineData("[1, 2]", "$")]
    [InlineData("{\"data\": []}", "rows")]
    [InlineData("{\"rows\": []}", "rows")]
    [InlineData("{\"rows\": {}}", "rows")]
    public async Task Predict_malformedBody_isA400ProblemNamingTheField(string body, string field)
    {
        var response = await server.Client.PostAsync("/v1/models/churn/predict", new StringContent(body, Encoding.UTF8, "application/json"));

        var error = Assert.Single(await ProblemErrorsAsync(response));
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("row").ValueKind);
    }

    [Fact]
    public async Task Predict_rowThatIsNotAnObject_isA400NamingTheRow()
    {
        var response = await server.Client.PostAsync("/v1/models/churn/predict",
            new StringContent("""{"rows": [{"tenure": 1}, 42]}""", Encoding.UTF8, "application/json"));

        var error = Assert.Single(await ProblemErrorsAsync(response));
        Assert.Equal(1, error.GetProperty("row").GetInt32());
    }

    [Fact]
    public async Task Predict_columnNamedTwiceInARow_isA400NamingRowAndColumn()
    {
        // Which tenure was meant cannot be known: scoring either would answer and log a value the caller may not have meant.
        const string body = """{"rows": [{"tenure": 2, "monthly_charges": 70.7, "contract": "One year", "internet_service": "DSL"}, {"tenure": 2, "monthly_charges": 70.7, "contract": "One year", "internet_service": "DSL", "tenure": 70}]}""";

        var response = await server.Client.PostAsync("/v1/models/churn/predict", new StringContent(body, Encoding.UTF8, "application/json"));

        var error = Assert.Single(await ProblemErrorsAsync(response));
        Assert.Equal((1, "tenure"), (error.GetProperty("row").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Contains("more than once", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Predict_missingColumn_isA400ListingRowAndField()
    {
        var incomplete = new { monthly_charges = 20.0, contract = "One year", internet_service = "DSL" };

        var response = await server.PredictAsync("churn", new { rows = new[] { Customer, incomplete } });

        var error = Assert.Single(await ProblemErrorsAsync(response));
        Assert.Equal((1, "tenure"), (error.GetProperty("row").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Contains("missing", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Predict_wrongType_isA400NamingFieldAndExpectation()
    {
        var wrong = new { tenure = "twelve", monthly_charges = 20.0, contract = "One year", internet_service = "DSL" };

        var response = await server.PredictAsync("churn", new { rows = new[] { wrong } });

        var error = Assert.Single(await ProblemErrorsAsync(response));
        Assert.Equal((0, "tenure"), (error.GetProperty("row").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Contains("expected", error.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("nope", "'nope'")]
    [InlineData("churn@staging", "'staging'")]
    [InlineData("churn:99", "version 99")]
    public async Task Predict_unknownModelAliasOrVersion_isA404Problem(string reference, string named)
    {
        var response = await server.PredictAsync(reference, new { rows = new[] { Customer } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = await ReadJsonAsync(response);
        Assert.Contains(named, json.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Predict_malformedReference_isA400Problem()
    {
        var response = await server.PredictAsync("churn:latest", new { rows = new[] { Customer } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        Assert.Contains("churn:latest", json.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Predict_unseenCategory_answersWithAWarning()
    {
        var novel = new { tenure = 12, monthly_charges = 50.0, contract = "Ten year", internet_service = "DSL" };

        var response = await server.PredictAsync("churn", new { rows = new[] { novel } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        var warning = Assert.Single(json.RootElement.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Contains("contract", warning);
        Assert.Contains("Ten year", warning);
    }

    [Fact]
    public async Task Predict_tamperedPackage_isRefusedWithoutStackTrace()
    {
        var response = await server.PredictAsync("churn:3", new { rows = new[] { Customer } });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("tampered", body);
        Assert.DoesNotContain(" at MLCycle", body);
    }

    [Theory]
    [InlineData("edited", "manifest.json was changed after registration")]
    [InlineData("corrupt", "model.zip was changed after registration")]
    public async Task Predict_packageChangedAfterRegistration_is503NamingTheModelNotThePath(string model, string change)
    {
        var response = await server.PredictAsync(model, new { rows = new[] { Customer } });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"Model '{model}' version 1 does not match the hash registered for it: {change}", body);
        Assert.DoesNotContain(server.StoreDirectory, body);
        Assert.DoesNotContain(" at MLCycle", body);
    }

    [Fact]
    public async Task Predict_tamperedPackage_namesTheModelAndNoPathOfTheStore()
    {
        var response = await server.PredictAsync("churn:3", new { rows = new[] { Customer } });

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Model 'churn:3' cannot be served", json.RootElement.GetProperty("title").GetString());
        var detail = json.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("Model 'churn' version 3", detail);
        Assert.Contains("model.zip", detail);
        Assert.DoesNotContain(server.StoreDirectory, body);
        Assert.DoesNotContain(Path.GetTempPath(), body);
        Assert.DoesNotContain("/tmp/", body);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1.evil.example")]
    public async Task Request_withAForeignHostHeader_is400ProblemAndScoresNothing(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Host = host;

        var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("churn", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_withLocalhostHostHeader_isAnswered()
    {
        var response = await server.GetAsReaderAsync("/v1/models", host: $"localhost:{server.Client.BaseAddress!.Port}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Predict_bodyThatIsNotJson_is415AndScoresNothing(string contentType)
    {
        var response = await PostRowAsync(contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = await ReadJsonAsync(response);
        var detail = json.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("application/json", detail);
        Assert.Contains(contentType.Split(';')[0], detail);
        Assert.False(json.RootElement.TryGetProperty("predictions", out _));
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("APPLICATION/JSON")]
    [InlineData("application/vnd.mlcycle+json")]
    public async Task Predict_jsonContentTypes_areScored(string contentType)
    {
        var response = await PostRowAsync(contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Posts one valid JSON row to churn's predict route, labelled with <paramref name="contentType"/>.</summary>
    private async Task<HttpResponseMessage> PostRowAsync(string contentType)
    {
        var body = "{\"rows\": [{\"tenure\": 2, \"monthly_charges\": 95.5, \"contract\": \"Month-to-month\", \"internet_service\": \"DSL\"}]}";
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return await server.Client.PostAsync("/v1/models/churn/predict", content);
    }

    [Fact]
    public async Task Predict_invalidUtf8InAString_isA400ProblemNamingTheByte()
    {
        var prefix = Encoding.UTF8.GetBytes("{\"rows\": [{\"tenure\": 2, \"monthly_charges\": 95.5, \"contract\": \"Month");
        var suffix = Encoding.UTF8.GetBytes("\", \"internet_service\": \"DSL\"}]}");
        using var content = new ByteArrayContent([.. prefix, 0xC3, 0x28, .. suffix]);
        content.Headers.ContentType = new("application/json");

        var response = await server.Client.PostAsync("/v1/models/churn/predict", content);

        var error = Assert.Single(await ProblemErrorsAsync(response));
        Assert.Equal("$", error.GetProperty("field").GetString());
        var reason = error.GetProperty("reason").GetString()!;
        Assert.Contains("UTF-8", reason);
        Assert.Contains($"byte {prefix.Length} (0xC3)", reason);
    }

    [Fact]
    public async Task Predict_success_isWrittenToThePredictionLog()
    {
        var marked = new { tenure = 33, monthly_charges = 61.23, contract = "One year", internet_service = "DSL" };

        using var json = await ReadJsonAsync(await server.PredictAsync("churn@challenger", new { rows = new[] { marked } }));

        var label = json.RootElement.GetProperty("predictions")[0].GetProperty("label").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        Monitoring.PredictionLogEntry? entry = null;
        while (entry is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            entry = (await server.Store.Predictions.ReadAsync("churn", limit: 10_000)).FirstOrDefault(e => e.InputsJson.Contains("61.23"));
        }
        Assert.NotNull(entry);
        Assert.Equal(2, entry.Version);
        using var output = JsonDocument.Parse(entry.OutputJson);
        Assert.Equal(label, output.RootElement.GetProperty("label").GetString());
        Assert.InRange(entry.Time, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task UnknownRoute_isA404Problem()
    {
        var response = await server.Client.GetAsync("/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<int> VersionAnsweringAsync(string reference)
    {
        using var json = await ReadJsonAsync(await server.PredictAsync(reference, new { rows = new[] { Customer } }));
        return json.RootElement.GetProperty("model").GetProperty("version").GetInt32();
    }

    private static double Probability(JsonElement prediction) => prediction.GetProperty("probabilities").GetProperty("Yes").GetDouble();

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());

    private static async Task<List<JsonElement>> ProblemErrorsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.Clone())];
    }
}
