using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using MLCycle.Monitoring;
using MLCycle.Server.Apis;

namespace MLCycle.Server.Tests;

/// <summary>
/// Hostile JSON in the columns the prediction log keeps, which the log copies as the request's bytes where that gives the same text
/// (VerbatimJson): what is logged is exactly what <see cref="JsonElement.WriteTo"/> of the parsed value writes, and no value makes a 500.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class HostileLogInputTests(ServerFixture server, Xunit.Abstractions.ITestOutputHelper output)
{
    // Strings and numbers JSON allows, each as the request sends it (its raw JSON text).
    private static readonly string[] Strings =
    [
        "\"a\\u0000b\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\ud83d\\ude00 month\"", "\"😀 month\"", "\"\u2028\u2029\ufeff\"", "\"</script>&'+`\u007f\"",
        "\"Month-to-month\"", "\"\\u004donth-to-month\"", "\"\"", $"\"{new string('x', 200_000)}\"", $"\"{new string('y', 100_000)}\\n\"",
    ];

    private static readonly string[] Numbers = ["1E+2", "-0", "-0.0e-0", "1e-400", "12345678901234567890123456789", "0.10", "7", "1e2"];

    [Fact]
    public async Task Predict_hostileStringsAndNumbersInLoggedColumns_logsWhatWriteToWrites()
    {
        var rows = Enumerable.Range(0, Math.Max(Strings.Length, Numbers.Length)).Select(i =>
            $$"""{"tenure":{{Numbers[i % Numbers.Length]}},"monthly_charges":{{Numbers[(i + 3) % Numbers.Length]}},"contract":{{Strings[i % Strings.Length]}},"internet_service":{{Strings[(i + 5) % Strings.Length]}}}""").ToList();
        var body = $$"""{"rows":[{{string.Join(",", rows)}}]}""";

        var response = await server.Client.PostAsync("/v1/models/churn/predict", new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        var ids = json.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToList();
        Assert.Equal(rows.Count, ids.Count);
        var logged = await LoggedPredictions.WaitForAsync(server.Store, ids.ToHashSet(StringComparer.Ordinal));
        var byId = logged.ToDictionary(e => e.Id!, StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++) Assert.Equal(WrittenBack(rows[i]), byId[ids[i]].InputsJson);
    }

    [Theory]
    [InlineData("""{"rows":[{"tenure":1e400,"monthly_charges":1,"contract":"One year","internet_service":"No"}]}""")]
    [InlineData("""{"rows":[{"tenure":1,"monthly_charges":1,"contract":{"a":[[[[{"b":null}]]]]},"internet_service":"No"}]}""")]
    [InlineData("""{"rows":[{"tenure":1,"tenure":2,"monthly_charges":1,"contract":"One year","internet_service":"No"}]}""")]
    [InlineData("""{"rows":[{"tenure":1,"monthly_charges":1,"contract":"\ud800","internet_service":"No"}]}""")]
    public async Task Predict_valueNoColumnCanHold_isAClearAnswerNotA500(string body)
    {
        var response = await server.Client.PostAsync("/v1/models/churn/predict", new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is 200 or 400 or 422, $"{(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("   at ", text);
        output.WriteLine($"{(int)response.StatusCode}: {text[..Math.Min(400, text.Length)]}");
    }

    [Theory]
    [InlineData("application/json; charset=utf-16", "utf-16")]
    [InlineData("application/json; charset=iso-8859-1", "latin1")]
    [InlineData("APPLICATION/JSON", "utf-8")]
    [InlineData("application/problem+json", "utf-8")]
    [InlineData("application/json; charset=utf-8; boundary=x", "utf-8")]
    public async Task Predict_otherContentTypesAndCharsets_isAClearAnswerNotA500(string contentType, string encoding)
    {
        const string body = """{"rows":[{"tenure":1,"monthly_charges":1,"contract":"Zürich","internet_service":"No"}]}""";
        var bytes = Encoding.GetEncoding(encoding).GetBytes(body);
        using var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await server.Client.PostAsync("/v1/models/churn/predict", content);

        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{contentType}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        Assert.True((int)response.StatusCode is 200 or 400 or 415, $"{(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("   at ", text);
    }

    [Theory]
    [InlineData("/v1/models/ch%00urn/predict")]
    [InlineData("/v1/models/ch%0Aurn/predict")]
    [InlineData("/v1/models/churn%1B%5B31m/predict")]
    [InlineData("/v1/models/churn@%00/predict")]
    public async Task Predict_controlCharactersInTheModelName_isAClearAnswerNotA500(string path)
    {
        var response = await server.Client.PostAsync(path, new StringContent("""{"rows":[{"tenure":1}]}""", Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{path}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        Assert.True((int)response.StatusCode is 400 or 404, $"{(int)response.StatusCode}: {text}");
        // The name is echoed escaped, never as the raw control character a terminal or log viewer would act on.
        Assert.DoesNotContain("\u001b", text);
        Assert.DoesNotContain("\n", text);
    }

    [Fact]
    public void VerbatimJson_nestedDuplicateAndLongValues_writesWhatWriteToWrites()
    {
        string[] texts =
        [
            """{"a":1,"a":2,"a":{"a":[1,1e400,-0]}}""", string.Concat(Enumerable.Repeat("[", 60)) + "\"\\u0000\"" + string.Concat(Enumerable.Repeat("]", 60)),
            $"\"{new string('z', 1 << 20)}\"", $"\"{new string('z', 1 << 20)}\\u00e9\"", "1e400", "-1E-400", "-0", "1E+2",
        ];
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        foreach (var text in texts)
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            Assert.Equal(Written(buffer, writer, w => document.RootElement.WriteTo(w)), Written(buffer, writer, w => VerbatimJson.Write(w, document.RootElement)));
        }
    }

    // The row's four logged columns in the model's input order, each as WriteTo writes the parsed value.
    private static string WrittenBack(string row)
    {
        using var document = JsonDocument.Parse(row);
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        foreach (var name in new[] { "tenure", "monthly_charges", "contract", "internet_service" })
        {
            writer.WritePropertyName(name);
            document.RootElement.GetProperty(name).WriteTo(writer);
        }
        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Written(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer, Action<Utf8JsonWriter> write)
    {
        write(writer);
        writer.Flush();
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
        writer.Reset();
        return text;
    }
}
