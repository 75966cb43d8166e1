using System.Globalization;
using System.Text;
using System.Net;
using System.Text.Json;
using MLCycle.Monitoring;
using MLCycle.Server.Apis;
using MLCycle.Server.Json;
using MLCycle.Serving;

namespace MLCycle.Server.Tests;

/// <summary>The prediction log loses nothing silently: every served row is logged under the id the caller got, with the model's
/// input columns only.</summary>
[Collection(ServerCollection.Name)]
public sealed class PredictionLogTests(ServerFixture server)
{
    private static readonly string[] Contracts = ["Month-to-month", "One year", "Two year"];
    private static readonly string[] Internet = ["DSL", "Fiber optic", "No"];

    [Fact]
    public async Task Predict_twelveRequestsOfTenThousandRows_logsAll120000UnderTheirIds()
    {
        var droppedBefore = await DroppedAsync();
        var rows = Enumerable.Range(0, 10_000).Select(i => new
        {
            tenure = i % 72, monthly_charges = 20.0 + i % 100, contract = Contracts[i % 3], internet_service = Internet[i % 3],
        }).ToArray();

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var request = 0; request < 12; request++)
        {
            var response = await server.PredictAsync("churn@challenger", new { rows });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var prediction in json.RootElement.GetProperty("predictions").EnumerateArray()) ids.Add(prediction.GetProperty("id").GetString()!);
        }

        Assert.Equal(120_000, ids.Count);
        var logged = await LoggedPredictions.WaitForAsync(server.Store, ids);
        var dropped = await DroppedAsync() - droppedBefore;
        Assert.Equal((120_000, 0.0), (logged.Count, dropped));
        Assert.All(logged, e => Assert.Equal(2, e.Version));
        var first = JsonDocument.Parse(logged[0].InputsJson).RootElement;
        Assert.Equal(["contract", "internet_service", "monthly_charges", "tenure"], first.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        // Logged in the order served, and the ids sort the same way.
        Assert.Equal(logged.Select(e => e.Id).Order(StringComparer.Ordinal), logged.Select(e => e.Id));
    }

    [Fact]
    public async Task Predict_29MegabyteUnknownField_isNamedInWarningsAndNeverStored()
    {
        var bytesBefore = StoreBytes();
        var junk = new string('j', 29_000_000);

        var response = await server.PredictAsync("churn", new
        {
            rows = new[] { new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic", junk } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(json.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("unknown column 'junk' is ignored", StringComparison.Ordinal));
        var id = json.RootElement.GetProperty("predictions")[0].GetProperty("id").GetString()!;
        var entry = Assert.Single(await LoggedPredictions.WaitForAsync(server.Store, new HashSet<string> { id }));
        Assert.Equal("""{"tenure":2,"monthly_charges":95.5,"contract":"Month-to-month","internet_service":"Fiber optic"}""", entry.InputsJson);
        Assert.InRange(StoreBytes() - bytesBefore, long.MinValue, 1_000_000);
    }

    [Fact]
    public async Task Predict_manyRowsOfEveryKindOfValue_storesTheTextsThePerRowWritersWrite()
    {
        // ADR 0061: the rows are queued as one UTF-8 batch and bound as bytes; what is stored must be what the per-row strings
        // (LoggedRequestTable.InputsJson, the serializer) gave before, row for row. 2,500 rows: more than one flush transaction.
        // As they appear in the body: JSON escapes included.
        string[] texts = ["Month-to-month", "One year", """Zürich \"q\" \\ \u00e9 \ud83d\ude00 <b>&""", """tab\tnew\nline""", """\u0000nul"""];
        string[] numbers = ["1.50", "1E+2", "-0", "12345678901234567890", "0.1", "7"];
        var body = new StringBuilder("""{"rows":[""");
        for (var i = 0; i < 2_500; i++)
        {
            if (i > 0) body.Append(',');
            body.Append(CultureInfo.InvariantCulture, $$"""{"tenure":{{numbers[i % numbers.Length]}},"monthly_charges":{{20 + i % 97}}.25,"contract":"{{texts[i % texts.Length]}}",""");
            body.Append(i % 4 == 0 ? "\"internet_service\":null," : "\"internet_service\":\"Fiber optic\",").Append("\"junk\":").Append(i.ToString(CultureInfo.InvariantCulture)).Append('}');
        }
        var bytes = Encoding.UTF8.GetBytes(body.Append("]}").ToString());
        using var cache = new ModelCache(server.Store.Registry, server.Store.Artifacts);
        var manifest = (await cache.GetAsync("churn@challenger")).Model.Manifest;
        using var parsed = await PredictRequestReader.ReadAsync(new MemoryStream(bytes), CancellationToken.None);

        var response = await server.Client.PostAsync("/v1/models/churn@challenger/predict", new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answered = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ServerJsonContext.Default.PredictResponse)!.Predictions;
        Assert.Equal(2_500, answered.Count);
        var logged = (await LoggedPredictions.WaitForAsync(server.Store, answered.Select(p => p.Id!).ToHashSet(StringComparer.Ordinal))).ToDictionary(e => e.Id!, StringComparer.Ordinal);
        Assert.Equal(2_500, logged.Count);
        for (var i = 0; i < answered.Count; i++)
        {
            var entry = logged[answered[i].Id!];
            Assert.Equal(LoggedRequestTable.InputsJson(manifest, parsed.Rows[i]), entry.InputsJson);
            Assert.Equal(JsonSerializer.Serialize(answered[i] with { Id = null }, ServerJsonContext.Default.Prediction), entry.OutputJson);
            Assert.Equal(("churn", 2, PredictionRole.Primary, LoggedRequestTable.KeyOf(manifest, parsed.Rows[i]), (string?)null),
                (entry.ModelName, entry.Version, entry.Role, entry.Key, entry.PrimaryId));
        }
        Assert.Single(logged.Values.Select(e => e.Time).Distinct());
        Assert.Contains(logged.Values, e => e.InputsJson.Contains("\\u0000nul", StringComparison.Ordinal));
    }

    /// <summary>The logged entries with these ids, once the writer has stopped adding any (it writes in the background).</summary>

    private async Task<double> DroppedAsync()
    {
        var scrape = await server.Client.GetStringAsync("/metrics");
        var line = scrape.Split('\n').Single(l => l.StartsWith("mlcycle_prediction_log_dropped_rows_total ", StringComparison.Ordinal));
        return double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>The database's logical size, WAL frames included: the files' lengths would also move when an earlier test's
    /// writes are checkpointed from the WAL into the main file, which made this test fail at random.</summary>
    private long StoreBytes()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(server.StoreDirectory, "mlcycle.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
        return (long)command.ExecuteScalar()!;
    }
}
