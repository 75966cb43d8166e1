using MLCycle.Data;

namespace MLCycle.Tests.Data;

public sealed class HttpSourceTests : IDisposable
{
    private readonly TableReader _reader = new();
    private readonly LoopbackHttpServer _server = new(new()
    {
        ["/data"] = (200, "text/csv; charset=utf-8", "a,b\n1,x\n2,y\n"),
        ["/events"] = (200, "application/x-ndjson", "{\"n\": 5}\n{\"n\": 6}\n"),
        ["/rows.json"] = (200, "application/octet-stream", "[{\"n\": 7}]"),
        ["/broken"] = (500, "text/plain", "boom"),
        ["/blob"] = (200, "application/octet-stream", "???"),
    });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task ReadAsync_http_csv_is_read_by_its_content_type()
    {
        var table = await _reader.ReadAsync(_server.BaseUrl + "/data");

        Assert.Equal([1.0, 2.0], table["a"].Numbers!);
        Assert.Equal(["x", "y"], table["b"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_http_ndjson_is_read_as_json_lines()
    {
        var table = await _reader.ReadAsync(_server.BaseUrl + "/events");

        Assert.Equal([5.0, 6.0], table["n"].Numbers!);
    }

    [Fact]
    public async Task ReadAsync_http_without_a_known_content_type_falls_back_to_the_extension()
    {
        var table = await _reader.ReadAsync(_server.BaseUrl + "/rows.json");

        Assert.Equal([7.0], table["n"].Numbers!);
    }

    [Fact]
    public async Task ReadAsync_http_404_names_the_url_and_status()
    {
        var url = _server.BaseUrl + "/missing.csv";

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(url));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains(url, error.Message);
        Assert.Contains("404", error.Message);
    }

    [Fact]
    public async Task ReadAsync_http_500_names_the_url_and_status()
    {
        var url = _server.BaseUrl + "/broken";

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(url));

        Assert.Contains(url, error.Message);
        Assert.Contains("HTTP 500", error.Message);
    }

    [Fact]
    public async Task ReadAsync_http_unknown_format_says_what_was_expected()
    {
        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(_server.BaseUrl + "/blob"));

        Assert.Contains("application/octet-stream", error.Message);
        Assert.Contains("text/csv", error.Message);
    }

    [Fact]
    public async Task ReadAsync_http_larger_than_the_limit_is_refused()
    {
        var options = new TableReadOptions { MaxDownloadBytes = 4 };

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(_server.BaseUrl + "/data", options));

        Assert.Contains("download limit of 4 bytes", error.Message);
    }
}
