using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MLCycle.Server.Tests;

/// <summary>The Open Inference Protocol v2 routes over real HTTP: health, metadata, infer with named column tensors, and the
/// protocol's error body for every refusal.</summary>
[Collection(ServerCollection.Name)]
public sealed class InferenceProtocolTests(ServerFixture server)
{
    // Two customers as column tensors: a new month-to-month fibre customer and a loyal two-year one.
    private static readonly object[] Inputs =
    [
        new { name = "tenure", shape = new[] { 2 }, datatype = "FP64", data = new object[] { 2, 70 } },
        new { name = "monthly_charges", shape = new[] { 2 }, datatype = "FP32", data = new object[] { 95.5, 25.0 } },
        new { name = "contract", shape = new[] { 2 }, datatype = "BYTES", data = new object[] { "Month-to-month", "Two year" } },
        new { name = "internet_service", shape = new[] { 2 }, datatype = "BYTES", data = new object[] { "Fiber optic", "No" } },
    ];

    private static readonly object[] Rows =
    [
        new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic" },
        new { tenure = 70, monthly_charges = 25.0, contract = "Two year", internet_service = "No" },
    ];

    [Fact]
    public async Task HealthLive_running_isLive()
    {
        var response = await server.Client.GetAsync("/v2/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"live":true}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthReady_afterWarmup_isReadyWithModelsLoaded()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpResponseMessage response;
        while ((response = await server.Client.GetAsync("/v2/health/ready")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            await Task.Delay(100);
        }

        Assert.Equal("""{"ready":true}""", await response.Content.ReadAsStringAsync());
        var metrics = await server.Client.GetStringAsync("/metrics");
        var loaded = metrics.Split('\n').Single(l => l.StartsWith("mlcycle_models_loaded ", StringComparison.Ordinal));
        // churn (champion), mlpchurn and oldchurn load; corrupt and edited are refused as tampered.
        Assert.True(double.Parse(loaded.Split(' ')[1], CultureInfo.InvariantCulture) >= 3, loaded);
    }

    [Fact]
    public async Task ServerMetadata_isNamed()
    {
        using var json = await ReadJsonAsync(await server.Client.GetAsync("/v2"));

        Assert.Equal("mlcycle", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("extensions").ValueKind);
    }

    [Fact]
    public async Task ModelMetadata_bareName_listsVersionsInputsAndOutputs()
    {
        var response = await server.Client.GetAsync("/v2/models/churn");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        var root = json.RootElement;
        Assert.Equal("churn", root.GetProperty("name").GetString());
        Assert.Equal(["1", "2", "3"], root.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("mlcycle", root.GetProperty("platform").GetString());
        var inputs = root.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("datatype").GetString());
        Assert.Equal("FP64", inputs["tenure"]);
        Assert.Equal("FP64", inputs["monthly_charges"]);
        Assert.Equal("BYTES", inputs["contract"]);
        Assert.Equal("BYTES", inputs["internet_service"]);
        Assert.Equal([-1], root.GetProperty("inputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var outputs = root.GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(["label", "probabilities"], outputs.Select(o => o.GetProperty("name").GetString()));
        Assert.Equal(["BYTES", "FP64"], outputs.Select(o => o.GetProperty("datatype").GetString()));
        Assert.Equal([-1, 2], outputs[1].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Theory]
    [InlineData("/v2/models/churn/versions/2", HttpStatusCode.OK)]
    [InlineData("/v2/models/churn/versions/2/ready", HttpStatusCode.OK)]
    [InlineData("/v2/models/churn/ready", HttpStatusCode.OK)]
    [InlineData("/v2/models/nosuchmodel", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/nosuchmodel/ready", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/churn/versions/9", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/churn/versions/3", HttpStatusCode.ServiceUnavailable)]
    public async Task ModelRoutes_byNameAndVersion_answerWithStatus(string path, HttpStatusCode status)
    {
        var response = await server.Client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        if (status != HttpStatusCode.OK) Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error").GetString()));
        else Assert.Equal("churn", json.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Infer_columnTensors_equalTheV1PredictionsAndEchoTheId()
    {
        var response = await server.Client.PostAsJsonAsync("/v2/models/churn/infer", new { id = "req-7", inputs = Inputs });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        var root = json.RootElement;
        Assert.Equal("churn", root.GetProperty("model_name").GetString());
        Assert.Equal("1", root.GetProperty("model_version").GetString());
        Assert.Equal("req-7", root.GetProperty("id").GetString());
        var outputs = root.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal([2], outputs["label"].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal([2, 2], outputs["probabilities"].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));

        using var v1 = await ReadJsonAsync(await server.PredictAsync("churn", new { rows = Rows }));
        var expected = v1.RootElement.GetProperty("predictions").EnumerateArray().ToList();
        var labels = outputs["label"].GetProperty("data").EnumerateArray().Select(l => l.GetString()).ToList();
        var probabilities = outputs["probabilities"].GetProperty("data").EnumerateArray().Select(p => p.GetDouble()).ToList();
        // The manifest's class order is [negative, positive] = [No, Yes].
        for (var r = 0; r < 2; r++)
        {
            Assert.Equal(expected[r].GetProperty("label").GetString(), labels[r]);
            Assert.Equal(expected[r].GetProperty("probabilities").GetProperty("No").GetDouble(), probabilities[2 * r], 12);
            Assert.Equal(expected[r].GetProperty("probabilities").GetProperty("Yes").GetDouble(), probabilities[2 * r + 1], 12);
        }
        Assert.True(probabilities[1] > probabilities[3], "the new fibre customer is likelier to churn than the loyal one");
    }

    [Fact]
    public async Task Infer_writtenAsTheKServeDocsShowIt_isAnsweredWithTheAskedOutputOnly()
    {
        // The KServe v2 docs' style: nested row-major data with shape [n, 1], tensor parameters, typed integers, requested outputs.
        const string Body = """
            {
              "id" : "42",
              "parameters" : { "content_type" : "pd" },
              "inputs" : [
                { "name" : "tenure", "shape" : [ 2, 1 ], "datatype" : "INT32", "parameters" : { "content_type" : "np" }, "data" : [ [ 2 ], [ 70 ] ] },
                { "name" : "monthly_charges", "shape" : [ 2, 1 ], "datatype" : "FP64", "data" : [ [ 95.5 ], [ 25.0 ] ] },
                { "name" : "contract", "shape" : [ 2, 1 ], "datatype" : "BYTES", "data" : [ "Month-to-month", "Two year" ] },
                { "name" : "internet_service", "shape" : [ 2 ], "datatype" : "BYTES", "data" : [ "Fiber optic", "No" ] }
              ],
              "outputs" : [ { "name" : "label" } ]
            }
            """;

        var response = await PostAsync("/v2/models/churn/versions/2/infer", Body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        Assert.Equal("2", json.RootElement.GetProperty("model_version").GetString());
        Assert.Equal("42", json.RootElement.GetProperty("id").GetString());
        var output = Assert.Single(json.RootElement.GetProperty("outputs").EnumerateArray());
        Assert.Equal("label", output.GetProperty("name").GetString());
        Assert.Equal("BYTES", output.GetProperty("datatype").GetString());
        Assert.All(output.GetProperty("data").EnumerateArray(), l => Assert.Contains(l.GetString(), new[] { "Yes", "No" }));
    }

    [Fact]
    public async Task Infer_rows_areCountedAndLoggedAsOnV1()
    {
        var before = await RowsScoredAsync();

        var response = await server.Client.PostAsJsonAsync("/v2/models/churn/versions/1/infer", new { inputs = Inputs });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        Assert.False(json.RootElement.TryGetProperty("id", out _));
        Assert.Equal(2, await RowsScoredAsync() - before);
        // The ids feedback names come back in row order, and each is the id the row was logged under.
        var ids = json.RootElement.GetProperty("parameters").GetProperty("prediction_ids").GetString()!.Split(',');
        Assert.Equal(2, ids.Distinct().Count());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlySet<string> logged;
        do logged = await server.Store.Predictions.FindIdsAsync("churn", ids);
        while (logged.Count < ids.Length && DateTime.UtcNow < deadline && await Task.Delay(50).ContinueWith(_ => true));
        Assert.Equal(ids.Order(), logged.Order());
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"tenure","shape":[3],"datatype":"FP64","data":[1,2]}]}""", "shape [3] (3 elements) but its data holds 2")]
    [InlineData("""{"inputs":[{"name":"tenure","shape":[2,2],"datatype":"FP64","data":[1,2,3,4]}]}""", "2 values per row")]
    [InlineData("""{"inputs":[{"name":"contract","shape":[1],"datatype":"FP64","data":[1]}]}""", "datatype FP64, which does not fit its categorical column")]
    [InlineData("""{"inputs":[{"name":"tenure","shape":[1],"datatype":"FLOAT","data":[1]}]}""", "'FLOAT', which is not a protocol datatype")]
    [InlineData("""{"inputs":[{"name":"tenure","shape":[1],"datatype":"INT32","data":[1.5]}]}""", "element 0 is the number 1.5, expected a whole number")]
    [InlineData("""{"inputs":[{"name":"contract","shape":[1],"datatype":"BYTES","data":[7]}]}""", "element 0 is the number 7, expected a string")]
    [InlineData("""{"inputs":[{"name":"tenure","shape":[1],"datatype":"FP64","data":[1]}]}""", "Missing inputs 'monthly_charges', 'contract', 'internet_service'")]
    [InlineData("""{"inputs":[{"name":"colour","shape":[1],"datatype":"BYTES","data":["red"]}]}""", "Unknown input 'colour'")]
    [InlineData("""{"inputs":[{"name":"tenure","shape":[1],"datatype":"FP64","data":[1]},{"name":"contract","shape":[2],"datatype":"BYTES","data":["a","b"]}]}""", "has 2 rows but 'tenure' has 1")]
    [InlineData("""{"inputs":[{"name":"tenure","shape":[1],"datatype":"FP64","data":[1]},{"name":"tenure","shape":[1],"datatype":"FP64","data":[1]}]}""", "given more than once")]
    [InlineData("""{"inputs":[{"name":"tenure","datatype":"FP64","data":[1]}]}""", "has no 'shape'")]
    [InlineData("""{"inputs":[{"name":"tenure","shape":[1],"datatype":"FP64","data":[1],"data":[70]}]}""", "Duplicate property 'data'")]
    [InlineData("""{"id":42,"inputs":[]}""", "'id' must be a string")]
    [InlineData("""{"inputs":[]}""", "'inputs' must be a non-empty array")]
    [InlineData("""{"outputs":[{"name":"score"}],"inputs":[]}""", "Unknown output 'score'")]
    [InlineData("""[1,2]""", "Expected a JSON object")]
    [InlineData("""{"inputs":""", "Malformed JSON")]
    public async Task Infer_badTensor_is400WithTheProtocolErrorBody(string body, string reason)
    {
        var response = await PostAsync("/v2/models/churn/infer", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        Assert.Contains(reason, json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Infer_nullElement_isAMissingValueImputedAsOnV1()
    {
        var tenure = new { name = "tenure", shape = new[] { 2 }, datatype = "FP64", data = new object?[] { 1, null } };

        var response = await server.Client.PostAsJsonAsync("/v2/models/churn/infer", new { inputs = new object[] { tenure }.Concat(Inputs.Skip(1)) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        Assert.Equal(2, json.RootElement.GetProperty("outputs")[0].GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("/v2/models/nosuchmodel/infer", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/churn/versions/9/infer", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/churn/versions/x/infer", HttpStatusCode.BadRequest)]
    public async Task Infer_unknownModelOrVersion_answersWithTheProtocolErrorBody(string path, HttpStatusCode status)
    {
        var response = await server.Client.PostAsJsonAsync(path, new { inputs = Inputs });

        Assert.Equal(status, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Infer_notJson_is415()
    {
        using var content = new StringContent("tenure=1", Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await server.Client.PostAsync("/v2/models/churn/infer", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        Assert.Contains("must be JSON", json.RootElement.GetProperty("error").GetString());
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await server.Client.PostAsync(path, content);
    }

    private async Task<double> RowsScoredAsync()
    {
        var scrape = await server.Client.GetStringAsync("/metrics");
        const string Series = "mlcycle_rows_scored_total{model=\"churn\",version=\"1\"} ";
        var line = scrape.Split('\n').FirstOrDefault(l => l.StartsWith(Series, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[Series.Length..], CultureInfo.InvariantCulture);
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());
}
